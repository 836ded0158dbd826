import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../src/drivers/printer/document-check.js';
import { layoutDocument } from '../../../src/drivers/printer/layout.js';
import { renderPreview } from '../../../src/drivers/printer/preview.js';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

/** Black pixels inside a rectangle of the decoded PNG. */
function ink(png: { width: number; data: Buffer }, x0: number, y0: number, w: number, h: number): number {
  let n = 0;
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (png.data[(y * png.width + x) * 4] === 0) n++;
  return n;
}

describe('receipt preview PNG (GW-3)', () => {
  it('GW-3: the preview is a PNG as wide as the paper, drawing letters from every supported code page', () => {
    const doc = checkDocument({ lines: [{ text: 'Õ' }, { text: 'λ' }, { text: 'œ' }, { text: ' ' }] });
    const png = PNG.sync.read(renderPreview(layoutDocument(doc, 48)));
    expect(png.width).toBe(48 * 12 + 24);
    const M = 12;
    for (const line of [0, 1, 2]) expect(ink(png, M, M + line * 24, 12, 24)).toBeGreaterThan(15);
    expect(ink(png, M, M + 3 * 24, 12 * 48, 24)).toBe(0);
  });

  it('GW-3: Õ and O differ (accents are drawn), double size takes twice the room, QR is drawn', () => {
    const render = (lines: unknown[]) => PNG.sync.read(renderPreview(layoutDocument(checkDocument({ lines }), 32)));
    const o = render([{ text: 'O' }]);
    const otilde = render([{ text: 'Õ' }]);
    expect(ink(otilde, 12, 12, 12, 6)).toBeGreaterThan(ink(o, 12, 12, 12, 6));
    const dbl = render([{ text: 'O', size: 'double' }]);
    expect(dbl.height - 24).toBe(48);
    expect(ink(dbl, 12, 12, 24, 48)).toBeGreaterThan(ink(o, 12, 12, 12, 24) * 3);
    const qr = render([{ qr: 'hello', size: 4 }]);
    expect(ink(qr, 12, 12, 32 * 12, qr.height - 24)).toBeGreaterThan(200);
  });
});
