import { z } from 'zod';

/**
 * A receipt as the till sends it (API.md "Devices", GW-3): structured lines, never raw bytes.
 */
const align = z.enum(['left', 'center', 'right']);
const size = z.enum(['normal', 'wide', 'tall', 'double']);

const textLine = z.strictObject({
  text: z.string().max(2000),
  align: align.optional(),
  bold: z.boolean().optional(),
  size: size.optional(),
});
const column = z.union([
  z.string().max(500),
  z.strictObject({ text: z.string().max(500), align: align.optional(), width: z.number().int().min(1).max(64).optional() }),
]);
const columnsLine = z.strictObject({ columns: z.array(column).min(1).max(8), bold: z.boolean().optional() });
const barcodeLine = z.strictObject({
  barcode: z.string().min(1).max(80),
  type: z.enum(['CODE128', 'EAN13']),
  align: align.optional(),
  height: z.number().int().min(16).max(255).optional(),
  hri: z.boolean().optional().describe('Print the human-readable digits below (default true)'),
});
const qrLine = z.strictObject({ qr: z.string().min(1).max(1000), size: z.number().int().min(1).max(16).optional(), align: align.optional() });
const ruleLine = z.strictObject({ rule: z.literal(true), char: z.string().length(1).optional() });
const cutLine = z.strictObject({ cut: z.literal(true) });
const feedLine = z.strictObject({ feed: z.number().int().min(1).max(20) });

export const printLineSchema = z.union([textLine, columnsLine, barcodeLine, qrLine, ruleLine, cutLine, feedLine]);
export const printDocumentSchema = z.strictObject({
  lines: z.array(printLineSchema).max(1000),
  openDrawer: z.boolean().optional(),
});

export type PrintDocument = z.infer<typeof printDocumentSchema>;
export type PrintLine = z.infer<typeof printLineSchema>;
export type Align = z.infer<typeof align>;
export type TextSize = z.infer<typeof size>;
export type Column = z.infer<typeof column>;
