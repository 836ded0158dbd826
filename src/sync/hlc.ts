/**
 * SYNC-7: hybrid logical clock. A timestamp is (wall ms, counter, node); `node` is the store id
 * (or "central"), so two edits at the same wall time and counter are ordered by node and never
 * tie. Pure: the caller passes the physical time and keeps the last timestamp it issued.
 *
 * The wire form is a fixed-width string whose byte order IS the clock order:
 *   "0001763900000000-00000-store-7"  (15-digit wall ms, 5-digit counter, node)
 * so PostgreSQL (COLLATE "C") and libSQL can compare HLCs as plain text.
 */
export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
export const HLC_PATTERN = /^\d{15}-\d{5}-[A-Za-z0-9_-]{1,32}$/;

export class HlcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HlcError';
  }
}

export const HLC_ZERO: Hlc = { wall: 0, counter: 0, node: '' };

/** Order of two clocks: wall, then counter, then node id (byte order). */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node === b.node ? 0 : a.node < b.node ? -1 : 1;
}

function bump(wall: number, counter: number, node: string): Hlc {
  if (counter > MAX_COUNTER) return { wall: wall + 1, counter: 0, node }; // overflow borrows a millisecond
  return { wall, counter, node };
}

/** The timestamp for a local event (or a message about to be sent). */
export function hlcSend(last: Hlc, nowMs: number, node: string): Hlc {
  const wall = Math.max(last.wall, Math.floor(nowMs));
  return bump(wall, wall === last.wall ? last.counter + 1 : 0, node);
}

/**
 * The clock after receiving `remote`: later than both the local clock and the remote one. A
 * remote wall time more than `maxDriftMs` ahead of ours is refused (a store with a wrong clock
 * must not drag the chain's clock into the future).
 */
export function hlcReceive(last: Hlc, remote: Hlc, nowMs: number, node: string, maxDriftMs = 5 * 60_000): Hlc {
  const now = Math.floor(nowMs);
  if (remote.wall - now > maxDriftMs) throw new HlcError(`remote clock is ${remote.wall - now} ms ahead (limit ${maxDriftMs} ms)`);
  const wall = Math.max(last.wall, remote.wall, now);
  let counter: number;
  if (wall === last.wall && wall === remote.wall) counter = Math.max(last.counter, remote.counter) + 1;
  else if (wall === last.wall) counter = last.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return bump(wall, counter, node);
}

export function formatHlc(h: Hlc): string {
  return `${String(h.wall).padStart(WALL_DIGITS, '0')}-${String(h.counter).padStart(COUNTER_DIGITS, '0')}-${h.node}`;
}

export function parseHlc(s: string): Hlc {
  if (!HLC_PATTERN.test(s)) throw new HlcError(`not an HLC: ${s.slice(0, 60)}`);
  return {
    wall: Number(s.slice(0, WALL_DIGITS)),
    counter: Number(s.slice(WALL_DIGITS + 1, WALL_DIGITS + 1 + COUNTER_DIGITS)),
    node: s.slice(WALL_DIGITS + COUNTER_DIGITS + 2),
  };
}

/** Byte order of the wire form equals clock order (fixed-width digits, then the node id). */
export function compareHlcText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
