import type { PrinterStatus } from '../device-state.js';

/**
 * Real-time status (DLE EOT n, Epson ESC/POS). The printer answers each request with one byte
 * whose fixed bits are 0xx1xx10 (bit 1 and 4 set, bit 0 and 7 clear):
 * - n = 1 printer: bit 2 drawer pin 3, bit 3 offline, bit 5 waiting for online recovery,
 *   bit 6 paper feed button pressed;
 * - n = 2 offline cause: bit 2 cover open, bit 3 paper fed by the button, bit 5 stopped by paper
 *   end, bit 6 error occurred;
 * - n = 3 error cause: bit 2 autocutter error, bit 3 unrecoverable error, bit 5 automatically
 *   recoverable error (e.g. head overheated);
 * - n = 4 roll paper sensor: bits 2+3 near end, bits 5+6 paper end.
 */
export const DLE_EOT = (n: 1 | 2 | 3 | 4) => [0x10, 0x04, n];
export const STATUS_QUERY = Buffer.from([...DLE_EOT(1), ...DLE_EOT(2), ...DLE_EOT(3), ...DLE_EOT(4)]);

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

const bit = (b: number, n: number) => (b & (1 << n)) !== 0;

/**
 * Why the printer cannot print, from the error bits; null when none is set. A printer in this
 * state shows `error` and a job that meets it ends `failed` with this text.
 */
export function errorOf(printer: number, offline: number, error: number): string | null {
  const causes: string[] = [];
  if (bit(error, 2)) causes.push('autocutter error (cutter jammed)');
  if (bit(error, 3)) causes.push('unrecoverable error (switch the printer off and on)');
  if (bit(error, 5)) causes.push('automatically recoverable error (e.g. print head overheated)');
  if (causes.length === 0 && bit(offline, 6)) causes.push('printer error');
  if (causes.length === 0) return null;
  return `${causes.join(', ')}${bit(printer, 3) ? '; printer offline' : ''}`;
}

/** Decode the four replies to STATUS_QUERY: every bit the printer sends. */
export function decodeStatus(printer: number, offline: number, error: number, paper: number): PrinterStatus {
  const paperOut = bit(paper, 5) || bit(paper, 6) || bit(offline, 5);
  const nearEnd = bit(paper, 2) || bit(paper, 3);
  const err = errorOf(printer, offline, error);
  return {
    online: !bit(printer, 3),
    coverOpen: bit(offline, 2),
    paper: paperOut ? 'out' : nearEnd ? 'near_end' : 'ok',
    // Drawer kick connector pin 3: high on most drawers when open.
    drawerOpen: bit(printer, 2),
    ...(bit(printer, 5) ? { waitingForRecovery: true } : {}),
    ...(bit(printer, 6) || bit(offline, 3) ? { feedButton: true } : {}),
    ...(err ? { error: err } : {}),
  };
}

const REPLIES = 4;

/**
 * Collects status replies out of the byte stream from the printer (which may also carry other
 * bytes, split anywhere). After `expect()`, the next four status bytes complete one reading.
 */
export class StatusCollector {
  private got: number[] = [];
  private waiting: ((s: PrinterStatus) => void) | null = null;

  expect(): Promise<PrinterStatus> {
    this.got = [];
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  cancel(): void {
    this.waiting = null;
    this.got = [];
  }

  feed(chunk: Uint8Array): void {
    if (!this.waiting) return;
    for (const b of chunk) {
      if (!isStatusByte(b)) continue;
      this.got.push(b);
      if (this.got.length === REPLIES) {
        const [a, o, e, p] = this.got as [number, number, number, number];
        const done = this.waiting;
        this.waiting = null;
        this.got = [];
        done(decodeStatus(a, o, e, p));
        return;
      }
    }
  }
}
