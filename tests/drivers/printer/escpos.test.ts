import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceSchema, type PrinterConfig } from '../../../src/config/devices-schema.js';
import { checkDocument } from '../../../src/drivers/printer/document-check.js';
import type { PrintDocument } from '../../../src/drivers/printer/document.js';
import { ean13CheckDigit } from '../../../src/drivers/printer/escpos.js';
import { fitColumns, layoutDocument, wrap } from '../../../src/drivers/printer/layout.js';
import { encodeForPrinter } from '../../../src/drivers/printer/printer-device.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/escpos');

function printer(extra: Record<string, unknown> = {}): PrinterConfig {
  return deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1' }, ...extra }) as PrinterConfig;
}

/** Compare with tests/fixtures/escpos/NAME.bin; UPDATE_GOLDEN=1 rewrites it (review the diff!). */
function golden(name: string, bytes: Buffer): void {
  const file = join(GOLDEN, `${name}.bin`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, bytes);
  expect(bytes.toString('hex')).toBe(readFileSync(file).toString('hex'));
}

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

export const RECEIPT: PrintDocument = {
  lines: [
    { text: 'Tillgate Pood', align: 'center', bold: true, size: 'double' },
    { text: 'Tänan, õun, šokolaad, žürii', align: 'center' },
    { rule: true },
    { columns: ['Brötchen', '2 x 0.45', '0.90'] },
    { columns: ['Crème brûlée œuf', '4.50'] },
    {
      columns: [
        { text: 'Ελληνικά λ Ω ά', align: 'left' },
        { text: '1.00', width: 8 },
      ],
    },
    { rule: true },
    { columns: ['KOKKU', '6.40'], bold: true },
    { barcode: '4006381333931', type: 'EAN13' },
    { barcode: 'RC-{42}', type: 'CODE128' },
    { qr: 'https://example.invalid/r/1' },
    { cut: true },
  ],
  openDrawer: true,
};

describe('ESC/POS encoder (GW-3)', () => {
  it('GW-3: a full receipt encodes byte-exactly (golden file, 80 mm)', () => {
    golden('receipt-80mm', encodeForPrinter(printer(), checkDocument(RECEIPT)));
  });

  it('GW-3: the same receipt on 58 mm paper fits 32 columns (golden file)', () => {
    golden('receipt-58mm', encodeForPrinter(printer({ paperWidth: 58, cut: 'full' }), checkDocument(RECEIPT)));
  });

  it('GW-3: Estonian, German, French and Greek letters switch to a code page that has them (ESC t)', () => {
    const bytes = encodeForPrinter(printer(), checkDocument({ lines: [{ text: 'õäß é œ š λ' }] }));
    const expected = [
      '1b40', // ESC @
      '1b7413',
      'e4 84 e1 20 82 20', // ESC t 19 (PC858): õ ä ß ␠ é ␠
      '1b7410',
      '9c 20 9a 20', // ESC t 16 (WPC1252): œ ␠ š ␠ (š stays in 1252: no needless switch)
      '1b740e',
      'a2', // ESC t 14 (PC737): λ
      '0a',
    ].join('');
    expect(bytes.toString('hex')).toBe(hex(expected).toString('hex'));
  });

  it('GW-3: a printer with other table numbers gets them from config; unknown letters degrade to their base letter', () => {
    const bytes = encodeForPrinter(printer({ codePages: ['cp1257'], codePageTable: { cp1257: 25 } }), checkDocument({ lines: [{ text: 'šŝ' }] }));
    expect(bytes.toString('hex')).toBe('1b40' + '1b7419' + 'f0' + '73' + '0a');
  });

  it('GW-3: bold, double size and alignment are set only where they change, and reset at the end', () => {
    const bytes = encodeForPrinter(
      printer(),
      checkDocument({
        lines: [
          { text: 'A', bold: true, size: 'double', align: 'center' },
          { text: 'B', bold: true, size: 'double', align: 'center' },
        ],
      }),
    );
    expect(bytes.toString('hex')).toBe('1b40' + '1b6101' + '1b4501' + '1d2111' + '410a' + '420a' + '1b6100' + '1b4500' + '1d2100');
  });

  it('GW-3: control characters in till text never reach the printer as commands', () => {
    const bytes = encodeForPrinter(printer(), checkDocument({ lines: [{ text: 'a\u001bp\u0000\u001dVb' }] }));
    expect(bytes.toString('hex')).toBe('1b40' + Buffer.from('apVb').toString('hex') + '0a');
  });

  it('GW-3: EAN13 with a wrong check digit is refused naming the field; CODE128 escapes "{"', () => {
    expect(() => checkDocument({ lines: [{ text: 'x' }, { barcode: '4006381333932', type: 'EAN13' }] })).toThrow(/lines.1.barcode/);
    expect(ean13CheckDigit('400638133393')).toBe(1);
    const bytes = encodeForPrinter(printer(), checkDocument({ lines: [{ barcode: 'a{b', type: 'CODE128' }] }));
    expect(bytes.toString('hex')).toContain('1d6b49' + '06' + Buffer.from('{Ba{{b').toString('hex'));
  });

  it('GW-3: QR uses GS ( k model 2, stores the UTF-8 data and prints it', () => {
    const bytes = encodeForPrinter(printer(), checkDocument({ lines: [{ qr: 'Ü1', size: 4 }] }));
    const s = bytes.toString('hex');
    expect(s).toContain('1d286b0400314132001d286b030031430' + '41d286b0300314531');
    expect(s).toContain('1d286b0600315030' + Buffer.from('Ü1').toString('hex') + '1d286b03003151300a');
  });

  it('GW-3: columns fit the paper width: names shrink, amounts stay whole and right-aligned', () => {
    expect(fitColumns(['Bread', '0.90'], 20)).toBe('Bread           0.90');
    expect(fitColumns(['A very long product name indeed', '12.50'], 20)).toBe('A very long pr 12.50');
    expect(fitColumns([{ text: 'Qty', width: 4 }, 'Item', '1.00'], 20)).toBe('Qty  Item       1.00');
    const layout = layoutDocument(checkDocument({ lines: [{ text: 'word '.repeat(10), size: 'double' }] }), 32);
    for (const item of layout.items) if (item.kind === 'text') expect(Array.from(item.text).length).toBeLessThanOrEqual(16);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
