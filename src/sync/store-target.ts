import type { BlockWant } from '../engine/store/number-blocks-repo.js';
import type { Store } from '../engine/store/store.js';
import type { OutboxRecord } from './envelope.js';
import type { NumberBlock, PullResponse } from './protocol/index.js';
import type { BlockSink, PullApplied, PulledSink, SyncTarget } from './sync-target.js';

const CURSOR = 'pull_cursor';
const ACKED = 'acked_seq';
const CONTACT = 'last_contact_ms';

/**
 * The SyncTarget of a store database: every write in one libSQL transaction (store repositories
 * only). `pulled` applies master data, customers and cards; `blocks` keeps number blocks. With
 * the store's own repositories by default. `blocksNeeded` (the engine's numberBlocksNeeded(ctx))
 * says which number blocks to lease (SYNC-6); without it the client leases none.
 */
export function storeSyncTarget(
  store: Store,
  pulled: PulledSink = store.pulled,
  blocks: BlockSink | null = store.numberBlocks,
  blocksNeeded?: () => BlockWant[],
): SyncTarget {
  const { db, sync } = store;
  const addBlock = (sink: BlockSink, b: NumberBlock, at: string) =>
    sink.add({ id: b.id, kind: b.kind, key: b.kind === 'card' ? b.scheme : b.rangeId, from: b.from, to: b.to }, at);
  return {
    ...(blocks && blocksNeeded
      ? {
          blocksNeeded,
          addBlocks: (leased: readonly NumberBlock[], at: string) => db.tx(() => leased.filter((b) => addBlock(blocks, b, at) !== false).length),
        }
      : {}),
    outboxFrom: (fromSeq, limit): OutboxRecord[] => sync.outboxFrom(fromSeq, limit),
    pendingCount: () => store.outbox.pending(),
    ackedSeq: () => sync.ackedSeq(),
    ack(ackedSeq, at) {
      db.tx(() => {
        store.outbox.ackUpTo(ackedSeq, at);
        sync.set(ACKED, String(ackedSeq));
        sync.set('last_push_at', at);
        sync.set(CONTACT, String(Date.parse(at)));
      });
    },
    cursor: () => sync.get(CURSOR),
    resetCursor: () => db.tx(() => sync.delete(CURSOR)),
    applyPull(page: PullResponse, at: string): PullApplied {
      return db.tx(() => {
        let masterData = 0;
        for (const m of page.masterData) if (pulled.applyPulledMasterData(m.kind, m.id, m.version, m.body, at)) masterData++;
        for (const b of page.balances) sync.applyConfirmedBalance(b);
        if (blocks) for (const b of page.blocks) addBlock(blocks, b, at);
        let customers = 0;
        let cards = 0;
        if (pulled.applyPulledCustomer) {
          for (const c of page.customers) pulled.applyPulledCustomer(c, at);
          customers = page.customers.length;
        }
        if (pulled.applyPulledCard) {
          for (const c of page.cards) pulled.applyPulledCard(c, at);
          cards = page.cards.length;
        }
        sync.set(CURSOR, page.cursor);
        sync.set('last_pull_at', at);
        sync.set(CONTACT, String(Date.parse(at)));
        return { masterData, balances: page.balances.length, customers, cards, blocks: blocks ? page.blocks.length : 0 };
      });
    },
    lastPushPull: () => ({ push: sync.get('last_push_at'), pull: sync.get('last_pull_at') }),
    lastContact: () => {
      const v = sync.get(CONTACT);
      return v === null ? null : Number(v);
    },
    endOutage: () => db.tx(() => sync.clearOfflineSpent()),
  };
}
