/**
 * Issue 14: one writer at a time between the main thread and a worker thread writing the same
 * file (a voucher campaign's slices), in shared memory, so a main-thread write never meets
 * SQLite's busy handler: that handler sleeps on the event loop in steps of up to 100 ms. A
 * waiting main-thread write goes first: the worker starts no new slice while one waits.
 */
/** Atomics.waitAsync (Node 20 has it; the project's TypeScript lib predates its typing). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { value: Promise<string> | string } }).waitAsync;

const HELD = 0; // 0 free, 1 a worker, 2 the main thread
const WANT = 1; // main-thread writes waiting

export class WriterGate {
  readonly buffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  private readonly a = new Int32Array(this.buffer);

  /** Take the gate now if it is free (main thread). */
  tryEnter(): boolean {
    return Atomics.compareExchange(this.a, HELD, 0, 2) === 0;
  }

  /** Take the gate, waiting at most one worker slice (a synchronous write on the main thread). */
  enterSync(): void {
    if (this.tryEnter()) return;
    Atomics.add(this.a, WANT, 1);
    try {
      while (!this.tryEnter()) Atomics.wait(this.a, HELD, 1, 50);
    } finally {
      Atomics.sub(this.a, WANT, 1);
    }
  }

  /** Resolves once the gate was free (grouped writes wait without holding the event loop); take it then with tryEnter(). */
  async whenFree(): Promise<void> {
    Atomics.add(this.a, WANT, 1);
    try {
      while (Atomics.load(this.a, HELD) === 1) await waitAsync(this.a, HELD, 1, 50).value;
    } finally {
      Atomics.sub(this.a, WANT, 1);
    }
  }

  leave(): void {
    leaveGate(this.buffer);
  }
}

/** Worker side: take the gate once no main-thread write waits and it is free. */
export function enterGateInWorker(buffer: SharedArrayBuffer): void {
  const a = new Int32Array(buffer);
  for (;;) {
    const want = Atomics.load(a, WANT);
    if (want > 0) Atomics.wait(a, WANT, want, 1);
    else if (Atomics.compareExchange(a, HELD, 0, 1) === 0) return;
    else Atomics.wait(a, HELD, Atomics.load(a, HELD), 5);
  }
}

export function leaveGate(buffer: SharedArrayBuffer): void {
  const a = new Int32Array(buffer);
  Atomics.store(a, HELD, 0);
  Atomics.notify(a, HELD);
}
