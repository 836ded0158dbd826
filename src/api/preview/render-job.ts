import { createRequire } from 'node:module';
import { AppError } from '../../common/errors.js';
import type { PrinterConfig } from '../../config/devices-schema.js';
import type { Layout } from '../../drivers/printer/layout.js';
import { previewLayout } from '../../drivers/printer/preview-layout.js';
import { renderPreview } from '../../drivers/printer/preview.js';

const require = createRequire(import.meta.url);
const QRCode = require('qrcode') as { create(text: string, o: { errorCorrectionLevel: string }): { modules: { size: number } } };

/* The renderer's cell and margin sizes (src/drivers/printer/preview.ts); a test compares this
   estimate with the height of real PNGs so the two cannot drift apart unnoticed. */
const CELL_H = 24;
const MARGIN = 12;

/** Height in dots the renderer will draw for `layout`, computed before any canvas exists. */
export function previewHeight(layout: Layout): number {
  let h = MARGIN * 2;
  for (const item of layout.items) {
    if (item.kind === 'text') h += item.size === 'tall' || item.size === 'double' ? CELL_H * 2 : CELL_H;
    else if (item.kind === 'qr') h += QRCode.create(item.data, { errorCorrectionLevel: 'M' }).modules.size * item.size + CELL_H;
    else if (item.kind === 'barcode') h += item.height + (item.hri ? CELL_H : 0) + 8;
    else if (item.kind === 'feed') h += item.lines * CELL_H;
    else h += CELL_H * 2;
  }
  return Math.max(h, CELL_H);
}

export interface RenderJob {
  cfg: PrinterConfig;
  /** The document as JSON text; null renders the printer's test page. */
  raw: string | null;
  /** Where the document came from, to name it in a 400 ("doc" query or "(body)"). */
  field: string;
  maxRows: number;
}

/**
 * The whole preview, run inside the worker: parse, validate, lay out, check the height cap,
 * render. The renderer itself is untouched (pure, byte-testable).
 */
export function renderJob(job: RenderJob): Uint8Array {
  let doc: unknown;
  if (job.raw !== null) {
    try {
      doc = JSON.parse(job.raw);
    } catch {
      throw new AppError('malformed_json', `${job.field} must be a JSON document`, [{ path: job.field, message: 'not valid JSON' }]);
    }
  }
  const layout = previewLayout(job.cfg, doc);
  const height = previewHeight(layout);
  if (height > job.maxRows) {
    throw new AppError('preview_too_tall', `the receipt would be ${height} dots tall; the preview allows ${job.maxRows}`, [
      { path: job.field === 'doc' ? 'doc.lines' : 'lines', message: `renders ${height} dots tall, at most ${job.maxRows}` },
    ]);
  }
  return new Uint8Array(renderPreview(layout));
}
