import type { CodePage } from '../../config/devices-schema.js';
import { EPSON_TABLES, fallbackChar, pageFor, pageMap } from './code-pages.js';
import type { Align, TextSize } from './document.js';
import type { Layout, LayoutItem } from './layout.js';

/** ESC/POS byte sequences (Epson "ESC/POS Application Programming Guide"). */
const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

export const INIT = [ESC, 0x40];
export const DRAWER_KICK = [ESC, 0x70, 0x00, 25, 250]; // pin 2, 50 ms on, 500 ms off
const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };
const SIZE: Record<TextSize, number> = { normal: 0x00, wide: 0x10, tall: 0x01, double: 0x11 };

export interface EscposOptions {
  codePages: readonly CodePage[];
  /** ESC t numbers where the printer differs from EPSON_TABLES. */
  codePageTable?: Partial<Record<CodePage, number>>;
  cut?: 'partial' | 'full' | 'none';
}

/** Builds a byte stream, remembering printer modes so it only emits what changes. */
class Writer {
  private readonly bytes: number[] = [];
  private page: CodePage | null = null;
  private align: Align = 'left';
  private bold = false;
  private size: TextSize = 'normal';

  constructor(private readonly opts: EscposOptions) {}

  raw(b: readonly number[]): void {
    for (const x of b) this.bytes.push(x);
  }

  reset(): void {
    this.raw(INIT);
    this.page = null; // ESC @ restores the printer's default table, which config does not know
    this.align = 'left';
    this.bold = false;
    this.size = 'normal';
  }

  setAlign(a: Align): void {
    if (a !== this.align) this.raw([ESC, 0x61, ALIGN[a]]);
    this.align = a;
  }

  setBold(b: boolean): void {
    if (b !== this.bold) this.raw([ESC, 0x45, b ? 1 : 0]);
    this.bold = b;
  }

  setSize(s: TextSize): void {
    if (s !== this.size) this.raw([GS, 0x21, SIZE[s]]);
    this.size = s;
  }

  /** Text in the configured code pages, switching table (ESC t n) only where a character needs it. */
  text(s: string): void {
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x20 && cp < 0x7f) {
        this.bytes.push(cp);
        continue;
      }
      const page = pageFor(ch, this.opts.codePages, this.page);
      if (!page) {
        this.text(fallbackChar(ch, this.opts.codePages));
        continue;
      }
      if (page !== this.page) {
        this.raw([ESC, 0x74, this.opts.codePageTable?.[page] ?? EPSON_TABLES[page]]);
        this.page = page;
      }
      this.bytes.push(pageMap(page).get(ch)!);
    }
  }

  done(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/** EAN-13 check digit over the first 12 digits. */
export function ean13CheckDigit(d12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** Why a barcode cannot be printed, or null when it can. */
export function barcodeProblem(type: 'CODE128' | 'EAN13', data: string): string | null {
  if (type === 'EAN13') {
    if (!/^\d{12,13}$/.test(data)) return 'EAN13 needs 12 or 13 digits';
    if (data.length === 13 && ean13CheckDigit(data) !== Number(data[12])) return 'EAN13 check digit is wrong';
    return null;
  }
  if (!/^[\x20-\x7e]+$/.test(data)) return 'CODE128 takes printable ASCII only';
  if (data.length > 80) return 'CODE128 data is too long';
  return null;
}

function barcode(w: Writer, item: Extract<LayoutItem, { kind: 'barcode' }>): void {
  w.setAlign(item.align);
  w.raw([GS, 0x68, item.height, GS, 0x77, 2, GS, 0x48, item.hri ? 2 : 0]);
  if (item.type === 'EAN13') {
    const d = Buffer.from(item.data.slice(0, 12), 'ascii');
    w.raw([GS, 0x6b, 67, d.length, ...d]);
  } else {
    // Code set B; a literal "{" is written "{{" (ESC/POS GS k function B, m = 73).
    const d = Buffer.from('{B' + item.data.replace(/\{/g, '{{'), 'ascii');
    w.raw([GS, 0x6b, 73, d.length, ...d]);
  }
  w.raw([LF]);
}

function qr(w: Writer, item: Extract<LayoutItem, { kind: 'qr' }>): void {
  const data = Buffer.from(item.data, 'utf8');
  // Never let QR content carry a real-time command (DLE …) or ESC/GS to the printer.
  if (data.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) throw new Error('QR data holds control bytes');
  const len = data.length + 3;
  w.setAlign(item.align);
  w.raw([GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00]); // model 2
  w.raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, item.size]); // module size
  w.raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31]); // error correction M
  w.raw([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30, ...data]); // store
  w.raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]); // print
  w.raw([LF]);
}

/** A laid-out document → the exact ESC/POS bytes. Pure; golden-tested byte for byte. */
export function encodeLayout(layout: Layout, opts: EscposOptions): Buffer {
  const w = new Writer(opts);
  w.reset();
  for (const item of layout.items) {
    switch (item.kind) {
      case 'text':
        w.setAlign(item.align);
        w.setBold(item.bold);
        w.setSize(item.size);
        w.text(item.text);
        w.raw([LF]);
        break;
      case 'barcode':
        w.setSize('normal');
        barcode(w, item);
        break;
      case 'qr':
        qr(w, item);
        break;
      case 'feed':
        w.raw([ESC, 0x64, item.lines]);
        break;
      case 'cut':
        if (opts.cut === 'none') break;
        w.raw([ESC, 0x64, 4, GS, 0x56, opts.cut === 'full' ? 0 : 1]);
        break;
    }
  }
  w.setAlign('left');
  w.setBold(false);
  w.setSize('normal');
  if (layout.openDrawer) w.raw(DRAWER_KICK);
  return w.done();
}
