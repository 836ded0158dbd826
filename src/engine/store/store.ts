import { Db, type DbOptions, type StorageFault } from './db.js';
import { migrate } from './migrate.js';
import { SyncRepo } from './sync-repo.js';
import { Ledger } from './ledger.js';
import { CustomersRepo } from './customers-repo.js';
import { CardsRepo } from './cards-repo.js';
import { MasterDataRepo } from './master-data-repo.js';
import { IdempotencyRepo } from './idempotency-repo.js';
import { CountersRepo } from './counters-repo.js';
import { ReceiptsRepo } from './receipts-repo.js';
import { VouchersRepo } from './vouchers-repo.js';
import { CardOrdersRepo } from './card-orders-repo.js';
import { AlertsRepo } from './alerts-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { ReportsRepo } from './reports-repo.js';
import { FieldClocksRepo } from './field-clocks-repo.js';
import { NumberBlocksRepo } from './number-blocks-repo.js';
import { PulledRecords } from './pulled-records.js';

/** The opened, migrated store database with its repositories. */
export interface Store {
  db: Db;
  ledger: Ledger;
  customers: CustomersRepo;
  cards: CardsRepo;
  master: MasterDataRepo;
  idempotency: IdempotencyRepo;
  counters: CountersRepo;
  /** What the sync client keeps: cursor, confirmed balances, offline spend (SYNC-4, SYNC-5). */
  sync: SyncRepo;
  receipts: ReceiptsRepo;
  vouchers: VouchersRepo;
  cardOrders: CardOrdersRepo;
  alerts: AlertsRepo;
  outbox: OutboxRepo;
  /** SYNC-7: per-field HLCs of customers and cards. */
  fieldClocks: FieldClocksRepo;
  /** SYNC-6: number blocks leased from central (add for the sync client; numberBlocksNeeded in the engine). */
  numberBlocks: NumberBlocksRepo;
  /** SYNC-3, SYNC-7: what the sync client applies from a pull page. */
  pulled: PulledRecords;
  /** What /v1/health shows about the database; O(1), no table scan (GW-7). */
  health(): StoreHealth;
  reports: ReportsRepo;
  /** Every table, index, trigger and view, in name order (the schema-snapshot test). */
  schemaDump(): { type: string; name: string; sql: string }[];
  close(): void;
}

export interface StoreHealth {
  schemaVersion: number | null;
  outboxPending: number;
  /** Why writes fail right now (disk full, read-only, I/O error …), or null. */
  storageFault: StorageFault | null;
}

export interface StoreOptions extends DbOptions {
  /** Cards and customers each kept in memory for basket evaluation (config `database.cachedRows`). */
  cachedRows?: number;
}

export function openStore(path: string, storeId: string, opts: StoreOptions = {}): Store {
  const { cachedRows = 10_000, ...dbOpts } = opts;
  const db = new Db(path, dbOpts);
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const outbox = new OutboxRepo(db);
  const ledger = new Ledger(db, storeId);
  const customers = new CustomersRepo(db, cachedRows);
  const cards = new CardsRepo(db, cachedRows);
  const master = new MasterDataRepo(db);
  const fieldClocks = new FieldClocksRepo(db);
  const vouchers = new VouchersRepo(db);
  return {
    db,
    ledger,
    customers,
    cards,
    master,
    idempotency: new IdempotencyRepo(db),
    counters: new CountersRepo(db),
    sync: new SyncRepo(db),
    receipts: new ReceiptsRepo(db),
    vouchers,
    cardOrders: new CardOrdersRepo(db),
    alerts: new AlertsRepo(db),
    outbox,
    fieldClocks,
    numberBlocks: new NumberBlocksRepo(db),
    pulled: new PulledRecords(db, customers, cards, fieldClocks, ledger.hlc, master, vouchers),
    health: () => ({
      schemaVersion: (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v,
      outboxPending: outbox.pending(),
      storageFault: db.storageFault,
    }),
    reports: new ReportsRepo(db),
    schemaDump: () =>
      db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
        type: string;
        name: string;
        sql: string;
      }[],
    close: () => db.close(),
  };
}
