import { SerialPort } from 'serialport';
import { waitFor } from './wait-for.js';

/**
 * The far end of a serial cable acting as an ESC/POS printer: records every byte it receives
 * and answers DLE EOT 1/2/3/4 with the status bytes the test sets (or stays silent when `mute`).
 * `stall()` stops reading, as a printer whose buffer is full and never drains.
 */
export class FakePrinter {
  received = Buffer.alloc(0);
  status = { printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 };
  mute = false;
  /** Called with every chunk before status requests in it are answered (to change status mid-job). */
  onData: ((chunk: Buffer) => void) | null = null;
  private port: SerialPort | null = null;
  private tail = Buffer.alloc(0);

  constructor(readonly path: string) {}

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    port.on('error', () => undefined);
    port.on('data', (c: Buffer) => this.receive(c));
    this.port = port;
  }

  async close(): Promise<void> {
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
  }

  /** Stop reading: the kernel buffers fill and the driver's writes stop draining. */
  stall(): void {
    this.port?.pause();
  }

  /** Bytes received that are not status requests. */
  get printed(): Buffer {
    const out: number[] = [];
    const b = this.received;
    for (let i = 0; i < b.length; i++) {
      if (b[i] === 0x10 && b[i + 1] === 0x04 && [1, 2, 3, 4].includes(b[i + 2] ?? -1)) {
        i += 2;
        continue;
      }
      out.push(b[i]!);
    }
    return Buffer.from(out);
  }

  async waitPrinted(pred: (b: Buffer) => boolean, what: string): Promise<void> {
    await waitFor(() => pred(this.printed), what);
  }

  private receive(c: Buffer): void {
    this.received = Buffer.concat([this.received, c]);
    this.onData?.(c);
    const buf = Buffer.concat([this.tail, c]);
    let i = 0;
    const replies: number[] = [];
    for (; i < buf.length; i++) {
      if (buf[i] !== 0x10) continue;
      if (i + 2 >= buf.length) break;
      if (buf[i + 1] === 0x04) {
        const n = buf[i + 2];
        if (n === 1) replies.push(this.status.printer);
        if (n === 2) replies.push(this.status.offline);
        if (n === 3) replies.push(this.status.error);
        if (n === 4) replies.push(this.status.paper);
        i += 2;
      }
    }
    this.tail = i < buf.length ? buf.subarray(i) : Buffer.alloc(0);
    if (this.tail.length > 2) this.tail = this.tail.subarray(-2);
    if (replies.length && !this.mute && this.port?.isOpen) this.port.write(Buffer.from(replies));
  }
}
