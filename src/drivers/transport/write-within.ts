import type { Connection } from './types.js';

/** A write that did not finish in time: the device stopped taking data (GW-1). */
export class WriteStalledError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the device stopped taking data (a write did not finish within ${timeoutMs} ms)`);
    this.name = 'WriteStalledError';
  }
}

const CHUNK = 1024;

/**
 * Write `data` in 1 KiB pieces, each of which must leave this process within `timeoutMs`: a slow
 * serial printer is fine, one that stopped reading (flow control held, buffer full) is found
 * within one chunk's time instead of hanging the job in `printing` for ever.
 */
export async function writeWithin(conn: Connection, data: Uint8Array, timeoutMs: number): Promise<void> {
  for (let off = 0; off < data.length; off += CHUNK) {
    const piece = data.subarray(off, Math.min(data.length, off + CHUNK));
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WriteStalledError(timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([conn.write(piece), stalled]);
    } finally {
      clearTimeout(timer);
    }
  }
}
