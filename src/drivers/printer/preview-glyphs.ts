import { PREVIEW_FONT } from './font/preview-font-data.js';

/**
 * Glyphs for the receipt preview from the built-in 12×24 bitmap font (font/preview-font-data.ts,
 * generated from DejaVu Sans Mono): every character the supported code pages can print. A
 * character the font lacks is drawn as an empty box, as a printer would print a stand-in.
 */
export type Plot = (x: number, y: number) => void;

let index: Map<string, number> | null = null;
let bits: Buffer | null = null;

function glyphIndex(): Map<string, number> {
  if (!index) {
    index = new Map(Array.from(PREVIEW_FONT.chars).map((c, i) => [c, i]));
    bits = Buffer.from(PREVIEW_FONT.bitmaps, 'base64');
  }
  return index;
}

export function glyphDrawer(): (ch: string, plot: Plot, cellW: number, cellH: number) => void {
  const idx = glyphIndex();
  const { width: W, height: H } = PREVIEW_FONT;
  const per = (W * H) / 8;
  return (ch, plot) => {
    if (ch === ' ' || ch === '\u00a0') return;
    const i = idx.get(ch);
    if (i === undefined) {
      for (let x = 2; x < W - 2; x++) {
        plot(x, 4);
        plot(x, H - 5);
      }
      for (let y = 4; y < H - 4; y++) {
        plot(2, y);
        plot(W - 3, y);
      }
      return;
    }
    const base = i * per;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const bit = y * W + x;
        if (bits![base + (bit >> 3)]! & (0x80 >> (bit & 7))) plot(x, y);
      }
    }
  };
}
