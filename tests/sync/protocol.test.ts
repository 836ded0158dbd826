import { afterEach, describe, expect, it } from 'vitest';
import { closeReceipt } from '../../src/engine/receipts/receipts.js';
import { topUp } from '../../src/engine/cards/cards.js';
import { formatHlc } from '../../src/sync/hlc.js';
import { eventEnvelope, pushRequest, type EventEnvelope } from '../../src/sync/protocol/index.js';
import { engineFixture, type EngineFixture } from '../helpers/engine-fixture.js';
import { aCard, aPerson } from '../helpers/factories.js';

/** What the store's outbox holds today (src/engine/store/ledger.ts), mapped to the wire envelope. */
function outboxEnvelopes(f: EngineFixture): unknown[] {
  const rows = f.ctx.store.db.prepare('SELECT store_seq, payload FROM outbox ORDER BY store_seq').all() as { store_seq: number; payload: string }[];
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as {
      eventId: string;
      storeSeq: number;
      type: string;
      at: string;
      docType: string | null;
      docId: string | null;
      entries: unknown[];
      data?: unknown;
    };
    return {
      eventId: p.eventId,
      storeSeq: p.storeSeq,
      kind: p.type,
      at: p.at,
      hlc: formatHlc({ wall: Date.parse(p.at), counter: r.store_seq, node: 'test-store' }),
      payload: { docType: p.docType, docId: p.docId, entries: p.entries, data: p.data ?? {} },
    };
  });
}

describe('sync wire protocol', () => {
  let f: EngineFixture;
  afterEach(() => f.close());

  it('SYNC-1: the events the store outbox writes today parse as wire envelopes and form a contiguous push', () => {
    f = engineFixture();
    const c = aPerson(f.ctx);
    const card = aCard(f.ctx, c.id, { type: 'credit' });
    topUp(f.ctx, card.number, { amount: 5000 });
    closeReceipt(f.ctx, {
      tillId: 't1',
      receiptNo: 'r1',
      at: '2026-11-22T10:00:00Z',
      card: card.number,
      lines: [{ sku: 'A', qty: 1, unitPrice: 1200 }],
      payments: [{ method: 'card', amount: 1200 }],
    });
    const events = outboxEnvelopes(f);
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of events) expect(eventEnvelope.safeParse(e).error).toBeUndefined();
    const push = pushRequest.parse({ storeId: 'test-store', fromSeq: 1, events });
    const kinds = push.events.map((e: EventEnvelope) => e.kind);
    expect(kinds).toContain('card.topup');
    expect(kinds).toContain('receipt.closed');
  });

  it('SYNC-2: a push whose events are not contiguous from fromSeq names the offending field', () => {
    f = engineFixture();
    const ev = (seq: number) => ({
      eventId: `0190f0f0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      storeSeq: seq,
      kind: 'card.topup',
      at: '2026-11-22T10:00:00Z',
      hlc: formatHlc({ wall: 1, counter: 0, node: 's' }),
      payload: { entries: [], data: {} },
    });
    const r = pushRequest.safeParse({ storeId: 's', fromSeq: 1, events: [ev(1), ev(3)] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['events', 1, 'storeSeq']);
  });

  it('SYNC-7: a customer edit carries only changed fields, validated by the store API rules', () => {
    f = engineFixture();
    const base = {
      eventId: '0190f0f0-0000-7000-8000-000000000001',
      storeSeq: 1,
      at: '2026-11-22T10:00:00Z',
      hlc: formatHlc({ wall: 1, counter: 0, node: 's' }),
    };
    expect(
      eventEnvelope.safeParse({ ...base, kind: 'customer.updated', payload: { entries: [], data: { customerId: 'c1', fields: { city: 'Tartu' } } } }).success,
    ).toBe(true);
    const bad = eventEnvelope.safeParse({
      ...base,
      kind: 'customer.updated',
      payload: { entries: [], data: { customerId: 'c1', fields: { email: 'not-an-email' } } },
    });
    expect(bad.success).toBe(false);
  });
});
