import { formatHlc, hlcReceive, hlcSend, HlcError, parseHlc, type Hlc } from '../../sync/hlc.js';
import type { Db } from './db.js';

/**
 * SYNC-7: the store's hybrid logical clock, persisted in `counters` ('hlc_wall', 'hlc_counter')
 * in the caller's transaction, so it never goes backwards across restarts (or a wall clock set
 * back). `send` stamps a local event; `receive` moves the clock past a record pulled from central.
 */
export class HlcClock {
  constructor(
    private readonly db: Db,
    private readonly node: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The last timestamp this store issued or saw. */
  last(): Hlc {
    const rows = this.db.prepare("SELECT name, value FROM counters WHERE name IN ('hlc_wall', 'hlc_counter')").all() as { name: string; value: number }[];
    const get = (n: string) => rows.find((r) => r.name === n)?.value ?? 0;
    return { wall: get('hlc_wall'), counter: get('hlc_counter'), node: this.node };
  }

  /** A new timestamp for a local event, later than every one before. Inside a transaction. */
  send(): string {
    const next = hlcSend(this.last(), this.nowMs(), this.node);
    this.save(next);
    return formatHlc(next);
  }

  /**
   * Move past a remote timestamp (a pulled record's field clock). A remote clock too far ahead of
   * ours is not followed (hlcReceive refuses it): our later edits may then lose to it, but a store
   * with a wrong clock cannot drag this one into the future. Inside a transaction.
   */
  receive(remote: string): void {
    try {
      this.save(hlcReceive(this.last(), parseHlc(remote), this.nowMs(), this.node));
    } catch (e) {
      if (!(e instanceof HlcError)) throw e;
    }
  }

  private save(h: Hlc): void {
    const set = this.db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    set.run('hlc_wall', h.wall);
    set.run('hlc_counter', h.counter);
  }
}
