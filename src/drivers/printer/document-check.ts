import { AppError, fieldError } from '../../common/errors.js';
import { barcodeDots, qrDots } from './barcode-width.js';
import { printDocumentSchema, type PrintDocument } from './document.js';
import { barcodeProblem } from './escpos.js';

/**
 * Control characters that could reach the printer as commands (DLE DC4 drawer pulse, DLE EOT,
 * ESC, GS …). Text is stripped of them by the layout; QR content is sent as data bytes, so a
 * QR carrying them is refused. Tab, CR and LF are plain data inside a QR code.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const QR_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Validate a document from the till: the schema plus what the schema cannot say (barcode data, control bytes). */
export function checkDocument(input: unknown): PrintDocument {
  const r = printDocumentSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw fieldError(issue ? issue.path.join('.') : '', issue?.message ?? 'invalid document');
  }
  r.data.lines.forEach((l, i) => {
    if ('barcode' in l) {
      const p = barcodeProblem(l.type, l.barcode);
      if (p) throw fieldError(`lines.${i}.barcode`, p);
    }
    if ('qr' in l && QR_CONTROL.test(l.qr)) throw fieldError(`lines.${i}.qr`, 'control characters are not allowed (they would reach the printer as commands)');
  });
  return r.data;
}

/**
 * Refuse barcodes and QR codes wider than the paper prints (`paperDots`), naming the width in
 * dots: 422 barcode_too_wide.
 */
export function checkFits(doc: PrintDocument, paperDots: number): void {
  doc.lines.forEach((l, i) => {
    let dots: number | null = null;
    let path = '';
    if ('barcode' in l) {
      dots = barcodeDots(l.type, l.barcode);
      path = `lines.${i}.barcode`;
    } else if ('qr' in l) {
      dots = qrDots(l.qr, l.size ?? 6);
      path = `lines.${i}.qr`;
    }
    if (dots === null || dots <= paperDots) return;
    const message = `${dots} dots wide; the paper prints ${paperDots} dots`;
    throw new AppError('barcode_too_wide', `${path} is ${message}`, [{ path, message }], { widthDots: dots, paperDots });
  });
}
