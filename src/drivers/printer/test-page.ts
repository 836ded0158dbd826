import type { PrinterConfig } from '../../config/devices-schema.js';
import type { PrintDocument } from './document.js';

/** The technician's test page (GW-4): every code page's letters, styles, columns, codes, cut. */
export function testPage(cfg: PrinterConfig): PrintDocument {
  const t =
    cfg.transport.type === 'serial'
      ? cfg.transport.path
      : cfg.transport.type === 'tcp'
        ? `${cfg.transport.host}:${cfg.transport.port}`
        : cfg.transport.type === 'file'
          ? cfg.transport.path
          : 'usb';
  return {
    lines: [
      { text: 'TILLGATE TEST PAGE', align: 'center', bold: true, size: 'double' },
      { text: `${cfg.id} (${cfg.transport.type} ${t})`, align: 'center' },
      { text: `${cfg.paperWidth} mm, code pages ${cfg.codePages.join(' ')}`, align: 'center' },
      { rule: true },
      { text: 'Eesti:    Õ õ Ä ä Ö ö Ü ü Š š Ž ž' },
      { text: 'Deutsch:  Ä ä Ö ö Ü ü ß' },
      { text: 'Français: é è ê ë à â ç ô û ù œ Œ €' },
      { text: 'Ελληνικά: Α Β Γ Δ λ μ π Ω ά έ ή ώ' },
      { rule: true },
      { text: 'Bold', bold: true },
      { text: 'Wide', size: 'wide' },
      { text: 'Double', size: 'double' },
      { text: 'Right', align: 'right' },
      { columns: ['Kohv / Kaffee / Café', '2 x 1.25', '2.50'] },
      { columns: ['KOKKU', '2.50'], bold: true },
      { barcode: '4740000000001', type: 'EAN13' },
      { barcode: 'TILLGATE-128', type: 'CODE128' },
      { qr: 'TILLGATE TEST' },
      { cut: true },
    ],
  };
}
