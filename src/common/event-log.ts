/**
 * An in-memory event log with gapless sequence ids, for SSE (`Last-Event-ID`) and long-poll
 * (`?after=SEQ`) replay (API.md "Devices"). It keeps the last `capacity` events; a client that
 * asks for a sequence the daemon never issued (it restarted) gets everything still held.
 */
export interface LoggedEvent<T = unknown> {
  seq: number;
  type: string;
  at: string;
  data: T;
}

export type EventListener = (e: LoggedEvent) => void;

export class EventLog {
  private readonly items: LoggedEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private seq = 0;

  constructor(
    private readonly capacity = 1000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  append(type: string, data: unknown): LoggedEvent {
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
