import { AppError } from '../../common/errors.js';

/** Why the database cannot be written right now, for /v1/health (GW-7, issue 9 item 10). */
export interface StorageFault {
  /** The SQLite result code, e.g. SQLITE_FULL, SQLITE_IOERR_WRITE. */
  code: string;
  reason: string;
  since: string;
}

/** SQLite results that mean the storage, not the request, is at fault. */
const STORAGE = /^SQLITE_(FULL|READONLY|IOERR|CORRUPT|NOTADB|CANTOPEN)/;
const BUSY = /^SQLITE_(BUSY|LOCKED)/;

const REASONS: [RegExp, string][] = [
  [/^SQLITE_FULL/, 'the disk is full'],
  [/^SQLITE_READONLY/, 'the database file is read-only (or was moved or deleted)'],
  [/^SQLITE_IOERR/, 'an I/O error writing the database or its WAL'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'the database file is corrupt'],
  [/^SQLITE_CANTOPEN/, 'the database or its WAL cannot be opened'],
];

export function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function isStorageError(e: unknown): boolean {
  return STORAGE.test(sqliteCode(e) ?? '');
}

/**
 * The one mapping from libsql errors to the catalogue: storage faults → 503 storage_unavailable
 * (plus the fault to record), busy/locked → 503 database_busy, anything else unchanged.
 */
export function mapSqliteError(e: unknown): { error: unknown; fault: StorageFault | null } {
  if (e instanceof AppError) return { error: e, fault: null };
  const code = sqliteCode(e);
  if (!code) return { error: e, fault: null };
  if (BUSY.test(code)) return { error: new AppError('database_busy'), fault: null };
  if (!STORAGE.test(code)) return { error: e, fault: null };
  const reason = REASONS.find(([re]) => re.test(code))?.[1] ?? 'the database cannot be written';
  const fault = { code, reason, since: new Date().toISOString() };
  return { error: new AppError('storage_unavailable', `nothing was saved: ${reason} (${code})`, undefined, { reason: code }), fault };
}
