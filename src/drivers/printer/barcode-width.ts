import { createRequire } from 'node:module';

/*
 * How wide a barcode or QR code prints, in printer dots, so a document that would run off the
 * paper is refused up front (GW-3) instead of printing a cut-off code that no scanner reads.
 */
interface QrModules {
  size: number;
}
const require = createRequire(import.meta.url);
const QRCode = require('qrcode') as { create(text: string, o: { errorCorrectionLevel: string }): { modules: QrModules } };

/** Font A cells are 12 dots wide: 48 columns = 576 dots on 80 mm paper, 32 = 384 on 58 mm. */
export const DOTS_PER_COLUMN = 12;
/** The module width the encoder sets with GS w. */
export const BAR_MODULE_DOTS = 2;

/** Dots a CODE128 (code set B) or EAN-13 symbol takes, without quiet zones. */
export function barcodeDots(type: 'CODE128' | 'EAN13', data: string): number {
  // CODE128: start + one symbol per character + check symbol (11 modules each) + stop (13).
  const modules = type === 'EAN13' ? 95 : 11 * (data.length + 2) + 13;
  return modules * BAR_MODULE_DOTS;
}

/** Dots a QR code (model 2, error correction M, as the encoder prints it) takes. */
export function qrDots(data: string, moduleDots: number): number {
  return QRCode.create(data, { errorCorrectionLevel: 'M' }).modules.size * moduleDots;
}
