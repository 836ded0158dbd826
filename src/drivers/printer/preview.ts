import { createRequire } from 'node:module';
import type { Layout } from './layout.js';
import { glyphDrawer } from './preview-glyphs.js';

/* Structural views of pngjs and qrcode (neither ships TypeScript types). */
interface PngCtor {
  new (o: { width: number; height: number }): { data: Buffer };
}
interface PngSync {
  write(png: { data: Buffer }): Buffer;
}
interface QrModules {
  size: number;
  get(r: number, c: number): number | boolean;
}

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: PngCtor & { sync: PngSync } };
const QRCode = require('qrcode') as { create(text: string, o: { errorCorrectionLevel: string }): { modules: QrModules } };

const CELL_W = 12; // font A: 12 × 24 dots, as on the printer
const CELL_H = 24;
const MARGIN = 12;

class Canvas {
  readonly px: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.px = new Uint8Array(w * h);
  }
  set(x: number, y: number): void {
    if (x >= 0 && y >= 0 && x < this.w && y < this.h) this.px[y * this.w + x] = 1;
  }
  rect(x: number, y: number, w: number, h: number): void {
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.set(x + i, y + j);
  }
}

function alignX(align: 'left' | 'center' | 'right', width: number, paper: number): number {
  return align === 'left' ? 0 : align === 'center' ? Math.floor((paper - width) / 2) : paper - width;
}

/**
 * The receipt as a PNG (GET /v1/printers/{id}/preview), drawn from the same layout the ESC/POS
 * encoder prints: text in 12×24 cells (double size = 2×), QR codes as the real symbol, barcodes
 * as a bar pattern of the right width, cuts as a dashed line.
 */
export function renderPreview(layout: Layout): Buffer {
  const paper = layout.columns * CELL_W;
  const ops: ((c: Canvas, y: number) => void)[] = [];
  const heights: number[] = [];
  const draw = glyphDrawer();
  for (const item of layout.items) {
    if (item.kind === 'text') {
      const sx = item.size === 'wide' || item.size === 'double' ? 2 : 1;
      const sy = item.size === 'tall' || item.size === 'double' ? 2 : 1;
      const chars = Array.from(item.text);
      const x0 = alignX(item.align, chars.length * CELL_W * sx, paper);
      heights.push(CELL_H * sy);
      ops.push((c, y) =>
        chars.forEach((ch, i) =>
          draw(ch, (px, py) => c.rect(MARGIN + x0 + i * CELL_W * sx + px * sx, y + py * sy, sx + (item.bold ? 1 : 0), sy), CELL_W, CELL_H),
        ),
      );
    } else if (item.kind === 'qr') {
      const m = QRCode.create(item.data, { errorCorrectionLevel: 'M' }).modules;
      const size = m.size * item.size;
      const x0 = alignX(item.align, size, paper);
      heights.push(size + CELL_H);
      ops.push((c, y) => {
        for (let r = 0; r < m.size; r++)
          for (let col = 0; col < m.size; col++) if (m.get(r, col)) c.rect(MARGIN + x0 + col * item.size, y + r * item.size, item.size, item.size);
      });
    } else if (item.kind === 'barcode') {
      const bars = Array.from(item.data).flatMap((ch) => Array.from(ch.charCodeAt(0).toString(2).padStart(8, '0')).map((b) => b === '1'));
      const w = (bars.length + 8) * 2;
      const x0 = alignX(item.align, w, paper);
      heights.push(item.height + (item.hri ? CELL_H : 0) + 8);
      ops.push((c, y) => {
        bars.forEach((on, i) => on && c.rect(MARGIN + x0 + 8 + i * 2, y, 2, item.height));
        if (item.hri) {
          const tx = alignX(item.align, item.data.length * CELL_W, paper);
          Array.from(item.data).forEach((ch, i) => draw(ch, (px, py) => c.set(MARGIN + tx + i * CELL_W + px, y + item.height + 4 + py), CELL_W, CELL_H));
        }
      });
    } else if (item.kind === 'feed') {
      heights.push(item.lines * CELL_H);
      ops.push(() => undefined);
    } else {
      heights.push(CELL_H * 2);
      ops.push((c, y) => {
        for (let x = 0; x < c.w; x += 8) c.rect(x, y + CELL_H, 4, 1);
      });
    }
  }
  const height = MARGIN * 2 + heights.reduce((a, b) => a + b, 0);
  const canvas = new Canvas(paper + MARGIN * 2, Math.max(height, CELL_H));
  let y = MARGIN;
  ops.forEach((op, i) => {
    op(canvas, y);
    y += heights[i]!;
  });
  const png = new PNG({ width: canvas.w, height: canvas.h });
  for (let i = 0; i < canvas.px.length; i++) {
    const v = canvas.px[i] ? 0 : 255;
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
