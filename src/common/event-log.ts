/**
 * An in-memory event log with sequence ids, for SSE (`Last-Event-ID`) and long-poll
 * (`?after=SEQ`) replay (API.md "Devices"). It keeps the last `capacity` events. Ids stay
 * monotonic across restarts (GW-2): with a `SeqStore` the log reserves ids in blocks and a new
 * process continues above the last reserved (or, after a clean stop, the last issued) id. A
 * cursor the log cannot fully serve (from before a restart, evicted, or never issued) is
 * answered with what is held and `complete: false`, so the till knows to re-read state.
 */
export interface LoggedEvent<T = unknown> {
  seq: number;
  type: string;
  at: string;
  data: T;
}

export type EventListener = (e: LoggedEvent) => void;

/** Where the high-water mark of sequence ids survives a restart (main wires it to the database). */
export interface SeqStore {
  load(): number;
  save(seq: number): void;
}

/** What a cursor gets: the events after it still held, and whether those are all there were. */
export interface Replay {
  events: LoggedEvent[];
  complete: boolean;
}

/** Ids reserved per write of the high-water mark: a crash skips at most this many. */
const SEQ_BLOCK = 1000;

export class EventLog {
  private readonly items: LoggedEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private seq: number;
  /** The last id issued before this process; nothing at or below it is held. */
  private readonly bootSeq: number;
  private reserved: number;

  constructor(
    private readonly capacity = 1000,
    private readonly now: () => Date = () => new Date(),
    private readonly store?: SeqStore,
  ) {
    this.seq = store?.load() ?? 0;
    this.bootSeq = this.seq;
    this.reserved = this.seq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  append(type: string, data: unknown): LoggedEvent {
    if (this.store && this.seq + 1 > this.reserved) {
      this.reserved = this.seq + SEQ_BLOCK;
      this.store.save(this.reserved);
    }
    const e: LoggedEvent = { seq: ++this.seq, type, at: this.now().toISOString(), data };
    this.items.push(e);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's failure must not stop the others nor the producer.
      }
    }
    return e;
  }

  /** Events after `seq`; all held events when `seq` is ahead of this process (a restart). */
  since(seq: number): LoggedEvent[] {
    if (seq > this.seq) return [...this.items];
    return this.items.filter((e) => e.seq > seq);
  }

  /**
   * Events after `seq`, and whether nothing after it was lost: false when the cursor is from
   * before this process (the daemon restarted and those events are gone), was evicted, or is
   * ahead of anything issued. Then `events` is all still held.
   */
  replay(seq: number): Replay {
    if (seq > this.seq) return { events: [...this.items], complete: false };
    const events = this.items.filter((e) => e.seq > seq);
    if (seq === this.seq) return { events, complete: true };
    const oldest = this.items[0]?.seq ?? this.seq + 1;
    return { events, complete: seq >= this.bootSeq && oldest <= seq + 1 };
  }

  /** On a clean stop: the next process continues right after the last id issued. */
  checkpoint(): void {
    if (this.store && this.reserved !== this.seq) {
      this.store.save(this.seq);
      this.reserved = this.seq;
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Long-poll: events after `seq` now, or the first ones to arrive within `timeoutMs` ([] on timeout). */
  waitAfter(seq: number, timeoutMs: number, signal?: AbortSignal): Promise<LoggedEvent[]> {
    const now = this.since(seq);
    if (now.length > 0 || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (events: LoggedEvent[]) => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
        resolve(events);
      };
      const onAbort = () => done([]);
      const unsubscribe = this.subscribe(() => queueMicrotask(() => done(this.since(seq))));
      const timer = setTimeout(() => done([]), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
