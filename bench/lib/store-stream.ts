/** The store outbox stream the sync bench pushes to central (gapless storeSeq, UUIDv7 ids, increasing HLCs). */
import { newId } from '../../src/common/ids.js';
import { formatHlc } from '../../src/sync/hlc.js';
import type { EventEnvelope, EventKind } from '../../src/sync/protocol/index.js';

export { ADMIN_TOKEN } from './chain.js';

/** Builds a store's outbox stream: gapless storeSeq, UUIDv7 ids, increasing HLCs. */
export class StoreStream {
  seq = 0;
  wall = Date.parse('2026-11-22T10:00:00Z');
  constructor(readonly storeId: string) {}

  event<K extends EventKind>(
    kind: K,
    data: Extract<EventEnvelope, { kind: K }>['payload']['data'],
    entries: EventEnvelope['payload']['entries'] = [],
    hlcWall?: number,
  ): EventEnvelope {
    this.seq++;
    this.wall += 1000;
    const wall = hlcWall ?? this.wall;
    return {
      eventId: newId(),
      storeSeq: this.seq,
      kind,
      at: new Date(this.wall).toISOString(),
      hlc: formatHlc({ wall, counter: 0, node: this.storeId }),
      payload: { docType: null, docId: null, entries, data },
    } as EventEnvelope;
  }

  topup(card: string, amount: number): EventEnvelope {
    return this.event('card.topup', {}, [{ kind: 'topup', asset: 'money', cardNumber: card, customerId: null, programId: '', delta: amount }]);
  }

  spend(card: string, amount: number): EventEnvelope {
    return this.event(
      'receipt.closed',
      { tillId: 't1', receiptNo: `r${this.seq + 1}`, totals: { gross: amount, discount: 0, net: amount }, payments: [{ method: 'card', amount }] },
      [{ kind: 'payment', asset: 'money', cardNumber: card, customerId: null, programId: '', delta: -amount }],
    );
  }
}

export function pushBody(storeId: string, events: EventEnvelope[]) {
  return { storeId, fromSeq: events[0]?.storeSeq ?? 1, events };
}
