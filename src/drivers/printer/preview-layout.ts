import type { PrinterConfig } from '../../config/devices-schema.js';
import { DOTS_PER_COLUMN } from './barcode-width.js';
import { checkDocument, checkFits } from './document-check.js';
import { layoutDocument, type Layout } from './layout.js';
import { printerColumns } from './printer-device.js';
import { testPage } from './test-page.js';

/**
 * What a printer would print for `doc` (its test page when undefined), laid out exactly as the
 * printer encodes it: validated, checked to fit the paper, mapped to the printer's code pages.
 * The preview renders this, so it shows what the paper will show (GW-3).
 */
export function previewLayout(cfg: PrinterConfig, doc: unknown): Layout {
  const d = doc === undefined ? testPage(cfg) : checkDocument(doc);
  checkFits(d, printerColumns(cfg) * DOTS_PER_COLUMN);
  return layoutDocument(d, printerColumns(cfg), cfg.codePages);
}
