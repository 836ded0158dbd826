import { EMPTY_CUSTOMER } from '../model/customer-defaults.js';
import type { MergedCard, MergedCustomer } from '../../sync/protocol/records.js';
import { mergeFields, type FieldState } from '../../sync/merge.js';
import { CARD_FIELD_CHECKS, cardFieldsOf, CUSTOMER_FIELD_CHECKS, customerFieldsOf } from '../model/record-fields.js';
import type { Card, Customer } from '../model/types.js';
import type { CardsRepo } from './cards-repo.js';
import type { CustomersRepo } from './customers-repo.js';
import type { Db } from './db.js';
import type { ClockedEntity, FieldClocksRepo } from './field-clocks-repo.js';
import type { HlcClock } from './hlc-clock.js';
import { MASTER_KINDS, type MasterDataRepo, type MasterKind } from './master-data-repo.js';
import { rangeProblems, type VoucherRange } from '../model/voucher-numbering.js';
import type { VouchersRepo } from './vouchers-repo.js';

export interface AppliedRecord {
  /** Whether the record did not exist here before. */
  created: boolean;
  /** Fields whose value this record changed (remote edits that won the per-field merge). */
  changed: string[];
}

/** A customer that exists only as the target of a reference (card, billing customer) until central sends it. */
function placeholderCustomer(id: string, at: string): Customer {
  return { ...EMPTY_CUSTOMER, id, kind: 'person', createdAt: at, updatedAt: at };
}

function placeholderCard(number: string, customerId: string, at: string): Card {
  return {
    number,
    customerId,
    type: 'discount',
    status: 'active',
    luhn: false,
    validity: null,
    discounts: [],
    birthdayWindow: null,
    message: null,
    dailyLimit: null,
    creditLimit: 0,
    stampPrograms: null,
    templateId: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * What the sync client applies from a pull page (SYNC-3, SYNC-7), each call inside the client's
 * per-page transaction. Customers and cards merge per field with local edits not yet pushed
 * (the later HLC wins; ties go by node id, inside the HLC), master data by version. Nothing here
 * writes the outbox: these changes came from central.
 */
export class PulledRecords {
  constructor(
    private readonly db: Db,
    private readonly customers: CustomersRepo,
    private readonly cards: CardsRepo,
    private readonly clocks: FieldClocksRepo,
    private readonly hlc: HlcClock,
    private readonly master: MasterDataRepo,
    private readonly vouchers: VouchersRepo,
  ) {}

  /** SYNC-7: merge a customer as central sends it into the local one. */
  applyPulledCustomer(r: MergedCustomer, at = new Date().toISOString()): AppliedRecord {
    this.requireTx();
    const old = this.customers.get(r.id);
    const base = old ?? placeholderCustomer(r.id, at);
    const { fields, changed } = this.merge('customer', r.id, customerFieldsOf(base), r, CUSTOMER_FIELD_CHECKS, old === null);
    const next = { ...base, ...fields, id: r.id, createdAt: base.createdAt, updatedAt: changed.length > 0 ? at : base.updatedAt } as Customer;
    if (typeof next.billingCustomerId === 'string' && next.billingCustomerId !== r.id) this.ensureCustomer(next.billingCustomerId, at);
    else if (next.billingCustomerId === r.id) next.billingCustomerId = null;
    if (!old) this.customers.insert(next);
    else if (changed.length > 0) this.customers.update(next);
    return { created: old === null, changed };
  }

  /** SYNC-7: merge a card as central sends it into the local one (its customer is created as a placeholder if not here yet). */
  applyPulledCard(r: MergedCard, at = new Date().toISOString()): AppliedRecord {
    this.requireTx();
    const old = this.cards.get(r.number);
    const base = old ?? placeholderCard(r.number, r.customerId, at);
    const { fields, changed } = this.merge('card', r.number, cardFieldsOf(base), r, CARD_FIELD_CHECKS, old === null);
    const next = { ...base, ...fields, number: r.number, createdAt: base.createdAt, updatedAt: changed.length > 0 ? at : base.updatedAt } as Card;
    this.ensureCustomer(next.customerId, at);
    if (!old) this.cards.insert(next);
    else if (changed.length > 0) this.cards.update(next);
    return { created: old === null, changed };
  }

  /**
   * SYNC-3: a master-data record at central's version; `body` null is a tombstone (deletes it
   * here). An older or equal version than the one held changes nothing. Kinds this store does not
   * know (a newer central) are skipped. Returns whether anything changed.
   *
   * `voucher-ranges` (SYNC-6): a chain's ranges must be the same at every store (the random
   * permutation key included) so leased draw indices give chain-unique codes; the body is the
   * range as GET /v1/admin/voucher-ranges shows it plus `key`. A tombstone deactivates the range
   * (issued vouchers still refer to it); a body that is not a valid range is skipped.
   */
  applyPulledMasterData(kind: string, id: string, version: number, body: Record<string, unknown> | null, at = new Date().toISOString()): boolean {
    this.requireTx();
    if (kind === 'voucher-ranges') return this.applyRange(id, version, body, at);
    if (!(MASTER_KINDS as readonly string[]).includes(kind)) return false;
    return this.master.putVersion(kind as MasterKind, id, version, body, at);
  }

  private applyRange(id: string, version: number, body: Record<string, unknown> | null, at: string): boolean {
    const old = this.vouchers.range(id);
    const range = body === null ? (old ? { ...old, active: false } : null) : rangeFromBody(id, body);
    if (body !== null && range === null) return false;
    if (!this.master.putVersion('voucher-ranges', id, version, body, at)) return false;
    if (range) this.vouchers.upsertRange(range, at);
    return true;
  }

  /**
   * Per field: the remote value wins when its HLC is later than the local field's (a local edit
   * not yet pushed keeps its later clock and value). Winning fields are stamped with the remote
   * HLC, and the store's clock moves past every remote one.
   */
  private merge(
    entity: ClockedEntity,
    key: string,
    local: Record<string, unknown>,
    r: { fields: Record<string, unknown>; hlc: Record<string, string> },
    checks: Readonly<Record<string, (v: unknown) => boolean>>,
    isNew: boolean,
  ): { fields: Record<string, unknown>; changed: string[] } {
    let state: FieldState = { fields: local, hlc: this.clocks.get(entity, key, Object.keys(r.fields)) };
    const won = new Map<string, string>();
    let latest: string | null = null;
    for (const [name, value] of Object.entries(r.fields)) {
      const clock = r.hlc[name];
      const check = checks[name];
      if (clock === undefined || check === undefined || !check(value)) continue;
      const m = mergeFields(state, { fields: { [name]: value }, hlc: clock });
      if (m.state.hlc[name] === clock && state.hlc[name] !== clock) won.set(name, clock);
      state = m.state;
      if (latest === null || clock > latest) latest = clock;
    }
    if (latest !== null) this.hlc.receive(latest); // once per record: past the latest is past them all
    this.clocks.stampEach(entity, key, Object.fromEntries(won), isNew);
    const changed = [...won.keys()].filter((n) => JSON.stringify(local[n]) !== JSON.stringify(state.fields[n]));
    return { fields: state.fields, changed };
  }

  private ensureCustomer(id: string, at: string): void {
    if (!this.customers.exists(id)) this.customers.insert(placeholderCustomer(id, at));
  }

  private requireTx(): void {
    if (!this.db.inTransaction) throw new Error('pulled records are applied inside the page transaction');
  }
}

/** A pulled voucher range body → a range, or null when it is not a valid one. */
function rangeFromBody(id: string, b: Record<string, unknown>): VoucherRange | null {
  const int = (v: unknown) => (Number.isSafeInteger(v) ? (v as number) : NaN);
  const r: VoucherRange = {
    id,
    code: typeof b.code === 'string' ? b.code : '',
    description: typeof b.description === 'string' ? b.description : '',
    digits: int(b.digits),
    from: int(b.from),
    to: int(b.to),
    random: b.random === true,
    checkDigit: b.checkDigit === true,
    checkScheme: b.checkScheme === 'damm' ? 'damm' : 'luhn',
    active: b.active !== false,
    key: int(b.key),
  };
  const keyOk = Number.isSafeInteger(r.key) && r.key >= 0 && r.key < 2 ** 32;
  return r.code.length > 0 && r.code.length <= 64 && keyOk && rangeProblems(r).length === 0 ? r : null;
}
