import { Db, type DbOptions } from './db.js';
import { migrate } from './migrate.js';
import { Ledger } from './ledger.js';
import { CustomersRepo } from './customers-repo.js';
import { CardsRepo } from './cards-repo.js';
import { MasterDataRepo } from './master-data-repo.js';
import { IdempotencyRepo } from './idempotency-repo.js';
import { CountersRepo } from './counters-repo.js';
import { ReceiptsRepo } from './receipts-repo.js';
import { VouchersRepo } from './vouchers-repo.js';
import { CardOrdersRepo } from './card-orders-repo.js';

/** The opened, migrated store database with its repositories. */
export interface Store {
  db: Db;
  ledger: Ledger;
  customers: CustomersRepo;
  cards: CardsRepo;
  master: MasterDataRepo;
  idempotency: IdempotencyRepo;
  counters: CountersRepo;
  receipts: ReceiptsRepo;
  vouchers: VouchersRepo;
  cardOrders: CardOrdersRepo;
  close(): void;
}

export function openStore(path: string, storeId: string, opts: DbOptions = {}): Store {
  const db = new Db(path, opts);
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    db,
    ledger: new Ledger(db, storeId),
    customers: new CustomersRepo(db),
    cards: new CardsRepo(db),
    master: new MasterDataRepo(db),
    idempotency: new IdempotencyRepo(db),
    counters: new CountersRepo(db),
    receipts: new ReceiptsRepo(db),
    vouchers: new VouchersRepo(db),
    cardOrders: new CardOrdersRepo(db),
    close: () => db.close(),
  };
}
