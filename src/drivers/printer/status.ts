import type { PrinterStatus } from '../device-state.js';

/**
 * Real-time status (DLE EOT n). The printer answers each request with one byte whose fixed
 * bits are 0xx1xx10 (bit 1 and 4 set, bit 0 and 7 clear); n = 1 printer, 2 offline cause,
 * 4 roll paper sensor.
 */
export const DLE_EOT = (n: 1 | 2 | 3 | 4) => [0x10, 0x04, n];
export const STATUS_QUERY = Buffer.from([...DLE_EOT(1), ...DLE_EOT(2), ...DLE_EOT(4)]);

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** Decode the three replies to STATUS_QUERY. */
export function decodeStatus(printer: number, offline: number, paper: number): PrinterStatus {
  const paperOut = (paper & 0x60) !== 0 || (offline & 0x20) !== 0;
  const nearEnd = (paper & 0x0c) !== 0;
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    paper: paperOut ? 'out' : nearEnd ? 'near_end' : 'ok',
    // Drawer kick connector pin 3: high on most drawers when open.
    drawerOpen: (printer & 0x04) !== 0,
  };
}

/**
 * Collects status replies out of the byte stream from the printer (which may also carry other
 * bytes, split anywhere). After `expect()`, the next three status bytes complete one reading.
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
      if (this.got.length === 3) {
        const [a, o, p] = this.got as [number, number, number];
        const done = this.waiting;
        this.waiting = null;
        this.got = [];
        done(decodeStatus(a, o, p));
        return;
      }
    }
  }
}
