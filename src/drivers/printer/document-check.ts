import { fieldError } from '../../common/errors.js';
import { printDocumentSchema, type PrintDocument } from './document.js';
import { barcodeProblem } from './escpos.js';

/** Validate a document from the till: the schema plus what the schema cannot say (barcode data). */
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
  });
  return r.data;
}
