import type { CodePage } from '../../config/devices-schema.js';
import { printableText } from './code-pages.js';
import type { Align, Column, PrintDocument, TextSize } from './document.js';

/**
 * A document laid out for a paper width: every text item is one printed line, already wrapped,
 * padded into columns and stripped of control characters. The ESC/POS encoder and the PNG
 * preview both draw this, so the preview shows what the paper will.
 */
export type LayoutItem =
  | { kind: 'text'; text: string; align: Align; bold: boolean; size: TextSize }
  | { kind: 'barcode'; data: string; type: 'CODE128' | 'EAN13'; align: Align; height: number; hri: boolean }
  | { kind: 'qr'; data: string; size: number; align: Align }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface Layout {
  items: LayoutItem[];
  openDrawer: boolean;
  columns: number;
}

/** Text the printer will not mistake for commands: NFC, no C0/C1 controls, tabs as spaces. */
export function cleanText(s: string): string {
  return (
    s
      .normalize('NFC')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
  ); // keep \n for wrapping
}

const chars = (s: string) => Array.from(s);

/**
 * Greedy word wrap to `width` characters that keeps the spaces as laid out (leading spaces,
 * runs of spaces between columns typed by the till); only the spaces at a line break vanish.
 * Words longer than a line are split.
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line: string[] = [];
    const breakLine = () => {
      if (line.some((c) => c !== ' ')) out.push(line.join('').replace(/ +$/, ''));
      line = [];
    };
    for (const token of para.match(/ +|[^ ]+/g) ?? []) {
      let t = chars(token);
      if (line.length + t.length <= width) {
        line.push(...t);
        continue;
      }
      if (token.startsWith(' ')) {
        breakLine(); // spaces at a break are not carried to the next line
        continue;
      }
      breakLine();
      while (t.length > width) {
        out.push(t.slice(0, width).join(''));
        t = t.slice(width);
      }
      line = t;
    }
    out.push(line.join(''));
  }
  return out;
}

export function pad(text: string, width: number, align: Align): string {
  const c = chars(text).slice(0, width);
  const room = width - c.length;
  if (align === 'right') return ' '.repeat(room) + c.join('');
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + c.join('') + ' '.repeat(room - Math.floor(room / 2));
  return c.join('') + ' '.repeat(room);
}

/**
 * Fit columns into one line of `width` characters, one space apart. Columns with a width keep
 * it; the others take their natural length, except the first flexible one, which takes what is
 * left (item names), shrinking the others only when it would get less than its share.
 */
export function fitColumns(cols: Column[], width: number, printable: (s: string) => string = (s) => s): string {
  // Default alignment: the last column (amounts) right, the others left.
  const dflt = (i: number): Align => (i === cols.length - 1 && cols.length > 1 ? 'right' : 'left');
  const list = cols.map((c, i) =>
    typeof c === 'string'
      ? { text: printable(cleanText(c).replace(/\n/g, ' ')), align: dflt(i), width: undefined as number | undefined }
      : { text: printable(cleanText(c.text).replace(/\n/g, ' ')), align: c.align ?? dflt(i), width: c.width },
  );
  const available = width - (list.length - 1);
  const widths = list.map((c) => c.width ?? chars(c.text).length);
  const flex = list.map((c, i) => (c.width === undefined ? i : -1)).filter((i) => i >= 0);
  const fixedSum = list.reduce((s, c) => s + (c.width ?? 0), 0);
  const first = flex[0];
  if (first !== undefined) {
    const others = flex.slice(1);
    const rest = available - fixedSum;
    const minFirst = Math.max(1, Math.min(chars(list[first]!.text).length, Math.floor(rest / flex.length)));
    let othersSum = others.reduce((s, i) => s + widths[i]!, 0);
    while (rest - othersSum < minFirst && othersSum > others.length) {
      const widest = others.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest]!--;
      othersSum--;
    }
    widths[first] = Math.max(0, rest - othersSum);
  }
  const line = list.map((c, i) => pad(c.text, widths[i]!, c.align)).join(' ');
  return pad(line, width, 'left').replace(/ +$/, '');
}

function scale(size: TextSize): number {
  return size === 'wide' || size === 'double' ? 2 : 1;
}

/**
 * Lay a document out for `columns` characters. With `codePages`, text is mapped to what those
 * pages print (printableText) before it is wrapped, so the preview shows what the paper will.
 */
export function layoutDocument(doc: PrintDocument, columns: number, codePages?: readonly CodePage[]): Layout {
  const items: LayoutItem[] = [];
  const printable = codePages ? (s: string) => printableText(s, codePages) : (s: string) => s;
  for (const l of doc.lines) {
    if ('text' in l) {
      const size = l.size ?? 'normal';
      const w = Math.floor(columns / scale(size));
      for (const t of wrap(printable(cleanText(l.text)), w)) items.push({ kind: 'text', text: t, align: l.align ?? 'left', bold: l.bold ?? false, size });
    } else if ('columns' in l) {
      items.push({ kind: 'text', text: fitColumns(l.columns, columns, printable), align: 'left', bold: l.bold ?? false, size: 'normal' });
    } else if ('barcode' in l) {
      items.push({ kind: 'barcode', data: l.barcode, type: l.type, align: l.align ?? 'center', height: l.height ?? 80, hri: l.hri ?? true });
    } else if ('qr' in l) {
      items.push({ kind: 'qr', data: l.qr, size: l.size ?? 6, align: l.align ?? 'center' });
    } else if ('rule' in l) {
      items.push({
        kind: 'text',
        text: (printable(l.char && cleanText(l.char) === l.char ? l.char : '-') || '-').repeat(columns),
        align: 'left',
        bold: false,
        size: 'normal',
      });
    } else if ('feed' in l) {
      items.push({ kind: 'feed', lines: l.feed });
    } else {
      items.push({ kind: 'cut' });
    }
  }
  return { items, openDrawer: doc.openDrawer ?? false, columns };
}
