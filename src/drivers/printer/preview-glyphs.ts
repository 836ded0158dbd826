/**
 * Glyphs for the receipt preview. No font file is assumed on the store box, so characters are
 * drawn as a 5×7 dot outline of their cell; a readable font is a TODO (see docs/devices.md).
 */
export type Plot = (x: number, y: number) => void;

export function glyphDrawer(): (ch: string, plot: Plot, cellW: number, cellH: number) => void {
  return (ch, plot, cellW, cellH) => {
    if (ch === ' ') return;
    const x0 = 2;
    const y0 = 4;
    const w = cellW - 4;
    const h = cellH - 8;
    for (let x = 0; x < w; x++) {
      plot(x0 + x, y0);
      plot(x0 + x, y0 + h - 1);
    }
    for (let y = 0; y < h; y++) {
      plot(x0, y0 + y);
      plot(x0 + w - 1, y0 + y);
    }
  };
}
