import { createRequire } from 'node:module';
import type { Logger } from '../../common/logger.js';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from '../../common/backoff.js';
import { reasonOf } from '../transport/types.js';
import type { CardChannel } from './apdu.js';

/* Structural view of the `pcsclite` native module (its own d.ts is `any`-heavy). */
interface NativeReader {
  name: string;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_EMPTY: number;
  SCARD_SHARE_SHARED: number;
  SCARD_LEAVE_CARD: number;
  on(ev: 'status', l: (s: { state: number; atr?: Buffer }) => void): void;
  on(ev: 'end', l: () => void): void;
  on(ev: 'error', l: (e: unknown) => void): void;
  connect(o: { share_mode: number }, cb: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, res: Buffer) => void): void;
  close(): void;
}
export interface NativeContext {
  /** pcsclite's own map of the readers it watches (each holds a native monitor thread). */
  readers?: Record<string, NativeReader>;
  on(ev: 'reader', l: (r: NativeReader) => void): void;
  on(ev: 'error', l: (e: unknown) => void): void;
  close(): void;
}

/** What devices and `tillgate devices` say when the optional native module is not there (docs/devices.md). */
export const PCSC_NOT_INSTALLED = 'smart-card support not installed: install libpcsclite-dev and run npm rebuild pcsclite';

export type PcscModule = () => NativeContext;

function loadPcsclite(): PcscModule {
  return createRequire(import.meta.url)('pcsclite') as PcscModule;
}

export interface PcscListener {
  /** The set of readers or the service state changed. */
  changed(): void;
  inserted(reader: string): void;
  removed(reader: string): void;
}

interface ReaderEntry {
  native: NativeReader;
  present: boolean | undefined;
  lock: Promise<unknown>;
}

/**
 * One PC/SC context for the hub (GW-1): tracks readers appearing and disappearing and card
 * insert/remove, and makes a NEW context after pcscd restarts (pcsclite never recovers its
 * old one). The first status of an empty reader is not a removal.
 */
export class PcscService {
  private ctx: NativeContext | null = null;
  private readonly readers = new Map<string, ReaderEntry>();
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private running = false;
  private problem: string | null = 'not started';

  constructor(
    private readonly listener: PcscListener,
    private readonly logger: Logger,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
    /** Loads the optional `pcsclite` module (tests pass one that fails as an unbuilt module does). */
    private readonly load: () => () => NativeContext = loadPcsclite,
  ) {}

  /** Why there is no context, or null when connected to pcscd. */
  get unavailable(): string | null {
    return this.problem;
  }

  readerNames(): string[] {
    return [...this.readers.keys()];
  }

  isPresent(reader: string): boolean {
    return this.readers.get(reader)?.present === true;
  }

  start(): void {
    this.running = true;
    this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.drop('stopped');
  }

  /** Run `fn` with the card in `reader` connected (shared); serialized per reader. */
  withCard<T>(reader: string, fn: (ch: CardChannel) => Promise<T>): Promise<T> {
    const e = this.readers.get(reader);
    if (!e) return Promise.reject(new Error(`reader "${reader}" is gone`));
    const run = async () => {
      const r = e.native;
      const protocol = await new Promise<number>((res, rej) => r.connect({ share_mode: r.SCARD_SHARE_SHARED }, (err, p) => (err ? rej(err) : res(p))));
      const ch: CardChannel = {
        transmit: (apdu) => new Promise((res, rej) => r.transmit(apdu, 4096, protocol, (err, out) => (err ? rej(err) : res(out)))),
      };
      try {
        return await fn(ch);
      } finally {
        await new Promise<void>((res) => r.disconnect(r.SCARD_LEAVE_CARD, () => res()));
      }
    };
    const next = e.lock.then(run, run);
    e.lock = next.catch(() => undefined);
    return next;
  }

  private open(): void {
    if (!this.running) return;
    this.timer = null;
    let pcsc: () => NativeContext;
    try {
      pcsc = this.load();
    } catch (e) {
      // The optional native module is missing or was not built: retrying cannot help.
      this.logger.debug({ err: reasonOf(e) }, 'pcsclite could not be loaded');
      this.drop(PCSC_NOT_INSTALLED);
      return;
    }
    let ctx: NativeContext;
    try {
      ctx = pcsc();
    } catch (e) {
      this.fail(`pcscd unavailable: ${reasonOf(e)}`);
      return;
    }
    this.ctx = ctx;
    ctx.on('error', (e) => {
      if (this.ctx !== ctx) return; // "Command cancelled" after our own close()
      this.fail(`pcscd: ${reasonOf(e)}`);
    });
    ctx.on('reader', (r) => {
      if (this.ctx === ctx) this.addReader(ctx, r);
    });
    // The context is established asynchronously; a failure arrives as 'error' above.
    setImmediate(() => {
      if (this.ctx === ctx && this.problem !== null) {
        this.problem = null;
        this.attempt = 0;
        this.listener.changed();
      }
    });
  }

  private addReader(ctx: NativeContext, r: NativeReader): void {
    const entry: ReaderEntry = { native: r, present: undefined, lock: Promise.resolve() };
    this.readers.set(r.name, entry);
    r.on('error', (e) => this.logger.debug({ reader: r.name, err: reasonOf(e) }, 'pcsc reader error'));
    r.on('end', () => {
      if (this.readers.get(r.name) !== entry) return;
      this.readers.delete(r.name);
      if (entry.present) this.listener.removed(r.name);
      this.listener.changed();
    });
    r.on('status', (s) => {
      if (this.ctx !== ctx || this.readers.get(r.name) !== entry) return;
      const present = (s.state & r.SCARD_STATE_PRESENT) !== 0 && (s.state & r.SCARD_STATE_EMPTY) === 0;
      const was = entry.present;
      entry.present = present;
      if (present && was !== true) this.listener.inserted(r.name);
      else if (!present && was === true) this.listener.removed(r.name);
    });
    this.logger.info({ reader: r.name }, 'smart-card reader appeared');
    this.listener.changed();
  }

  private fail(reason: string): void {
    this.drop(reason);
    if (!this.running || this.timer) return;
    const delay = backoffDelay(this.backoff, this.attempt++);
    this.timer = setTimeout(() => this.open(), delay);
    this.timer.unref();
  }

  private drop(reason: string): void {
    const ctx = this.ctx;
    this.ctx = null;
    const hadCards = [...this.readers].filter(([, e]) => e.present).map(([n]) => n);
    // Every reader keeps a native status monitor (and the event loop) alive until closed:
    // without this `tillgate devices` never exits and SIGTERM had to be forced.
    const natives = new Set([...[...this.readers.values()].map((e) => e.native), ...Object.values(ctx?.readers ?? {})]);
    this.readers.clear();
    for (const r of natives) {
      try {
        r.close();
      } catch {
        // already closed by pcsclite (reader gone)
      }
    }
    if (ctx) {
      try {
        ctx.close();
      } catch {
        // pcsclite raises "Command cancelled" while closing; the context is gone either way.
      }
    }
    const changed = this.problem !== reason;
    this.problem = reason;
    for (const n of hadCards) this.listener.removed(n);
    if (changed) {
      this.logger.warn({ reason }, 'PC/SC unavailable');
      this.listener.changed();
    }
  }
}
