import type { Context } from 'hono';

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Quote when needed; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of flat objects as RFC 4180 CSV with a header line. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const first = rows[0];
  if (!first) return '';
  const cols = Object.keys(first);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** JSON by default; CSV of the rows (default `body.rows`) when the client sends Accept: text/csv. */
export function jsonOrCsv<B extends Record<string, unknown>>(
  c: Context,
  body: B,
  name: string,
  rows: () => readonly Record<string, unknown>[] = () => (body.rows as Record<string, unknown>[] | undefined) ?? [],
): Response {
  if ((c.req.header('accept') ?? '').includes('text/csv')) {
    return c.body(toCsv(rows()), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
  }
  return c.json(body, 200);
}
