import type { EventData } from '../../sync/protocol/index.js';

export interface ReceiptMailInput {
  storeId: string;
  storeName: string | null;
  at: Date;
  receipt: EventData<'receipt.closed'>;
  currency?: string | undefined;
  timeZone: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function moneyFormat(currency: string | undefined): (minor: number) => string {
  if (!currency) return (minor) => (minor / 100).toFixed(2);
  const f = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => f.format(minor / 10 ** digits);
}

/**
 * The e-mail receipt: plain text and a simple HTML table with the same content (store, date,
 * the till's receipt number, lines, totals, payments). Lines carry SKUs only: product names are
 * not part of the event.
 */
export function renderReceiptMail(m: ReceiptMailInput): RenderedMail {
  const r = m.receipt;
  const money = moneyFormat(m.currency);
  const store = m.storeName ? `${m.storeName} (${m.storeId})` : m.storeId;
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: m.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(m.at);
  const lines = (r.lines ?? []).map((l) => ({
    sku: l.sku,
    qty: String(l.qty),
    unit: money(l.unitPrice),
    net: money(l.net),
    discount: l.discount ? money(-l.discount) : '',
  }));
  const totals: [string, string][] = [['Total', money(r.totals.gross)]];
  if (r.totals.discount) totals.push(['Discount', money(-r.totals.discount)]);
  totals.push(['To pay', money(r.totals.net)]);
  const payments: [string, string][] = r.payments.map((p) => [`Paid (${p.method})`, money(p.amount)]);
  const subject = `Your receipt ${r.receiptNo} from ${m.storeName ?? m.storeId}`;

  const text = [
    `Receipt ${r.receiptNo}`,
    `Store: ${store}`,
    `Till: ${r.tillId}`,
    `Date: ${date} (${m.timeZone})`,
    '',
    ...lines.map((l) => `${l.qty} x ${l.sku} @ ${l.unit}  ${l.net}${l.discount ? `  (discount ${l.discount})` : ''}`),
    '',
    ...[...totals, ...payments].map(([k, v]) => `${k}: ${v}`),
    '',
  ].join('\n');

  const row = (cells: string[], tag = 'td') =>
    `<tr>${cells.map((c, i) => `<${tag}${i > 0 ? ' style="text-align:right"' : ''}>${esc(c)}</${tag}>`).join('')}</tr>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>Receipt ${esc(r.receiptNo)}</h2>`,
    `<p>${esc(store)}<br>Till ${esc(r.tillId)}<br>${esc(date)} (${esc(m.timeZone)})</p>`,
    '<table cellpadding="4">',
    row(['Item', 'Qty', 'Unit price', 'Amount'], 'th'),
    ...lines.map((l) => row([l.sku, l.qty, l.unit, l.discount ? `${l.net} (discount ${l.discount})` : l.net])),
    '</table>',
    '<table cellpadding="4">',
    ...[...totals, ...payments].map(([k, v]) => row([k, v])),
    '</table>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
