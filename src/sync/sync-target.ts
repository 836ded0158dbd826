import type { OutboxRecord } from './envelope.js';
import type { BlockWant } from '../engine/store/number-blocks-repo.js';
import type { MergedCard, MergedCustomer, NumberBlock, PullResponse } from './protocol/index.js';

/**
 * What the sync client needs from the store. Implemented over src/engine/store by
 * store-target.ts; a test may implement it over anything. Writes run in one transaction each.
 */
export interface SyncTarget {
  /** Up to `limit` outbox rows from `fromSeq` on, in sequence order. */
  outboxFrom(fromSeq: number, limit: number): OutboxRecord[];
  /** Events central has not acknowledged (O(1)). */
  pendingCount(): number;
  /** The sequence central acknowledged last (0 before the first ack). */
  ackedSeq(): number;
  /** Central acknowledged everything up to `ackedSeq` (mark outbox rows, remember it and the contact). */
  ack(ackedSeq: number, at: string): void;
  cursor(): string | null;
  /** Forget the cursor: the next pull is a snapshot (410 cursor_expired). */
  resetCursor(): void;
  /** Apply one pulled page and keep its cursor, in ONE transaction. */
  applyPull(page: PullResponse, at: string): PullApplied;
  /** When central last answered (ms), as recorded by ack/applyPull; null if never. */
  lastContact(): number | null;
  /** When the last push was acknowledged and the last pull applied (ISO), as recorded; null if never. */
  lastPushPull(): { push: string | null; pull: string | null };
  /** SYNC-5: central answers again; spending counted for past outages no longer applies. */
  endOutage(): void;
  /** SYNC-6: card schemes and voucher ranges that need a new number block now. Absent: the client never leases. */
  blocksNeeded?(): BlockWant[];
  /** SYNC-6: add leased blocks in ONE transaction (a block already known is skipped); how many were new. */
  addBlocks?(blocks: readonly NumberBlock[], at: string): number;
}

export interface PullApplied {
  masterData: number;
  balances: number;
  customers: number;
  cards: number;
  blocks: number;
}

/**
 * Where pulled records go (SYNC-3, SYNC-6, SYNC-7), each call inside the page's transaction. The
 * engine's PulledRecords (applyPulledMasterData / applyPulledCustomer / applyPulledCard) and
 * NumberBlocksRepo (add) have these shapes; store-target.ts has a minimal stand-in that applies
 * master data only, for a store without them.
 */
export interface PulledSink {
  applyPulledMasterData(kind: string, id: string, version: number, body: Record<string, unknown> | null, at?: string): boolean;
  /** Absent: pulled customers are counted as skipped. */
  applyPulledCustomer?(c: MergedCustomer, at?: string): unknown;
  /** Absent: pulled cards are counted as skipped. */
  applyPulledCard?(c: MergedCard, at?: string): unknown;
}

export interface BlockSink {
  add(b: { id: string; kind: 'card' | 'voucher'; key: string; from: number; to: number }, at: string): unknown;
}
