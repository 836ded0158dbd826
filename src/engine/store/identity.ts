import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { EXIT, StartupError } from '../../common/startup-error.js';
import { Db } from './db.js';
import { isStorageError, sqliteCode } from './storage-fault.js';
import { openStore, type Store, type StoreOptions } from './store.js';

/** Who a store database is: written into it at creation and mirrored in `<db>.identity`. */
export interface StoreIdentity {
  storeId: string;
  databaseId: string;
  createdAt: string;
}

export interface CheckedOpenOptions extends StoreOptions {
  /** `tillgate start --init`: create an empty database (or adopt the file present) even though the identity file says there was another. */
  init?: boolean;
}

export const identityPath = (dbPath: string): string => `${dbPath}.identity`;

/**
 * Open the daemon's store with the checks of issue 9 item 11:
 * - a missing or empty file whose `<db>.identity` says it held data is refused (exit 65), never
 *   silently recreated empty, unless `init`;
 * - `PRAGMA quick_check` first: a corrupt file stops start-up with exit 74 naming the file;
 * - a database of another store (store id ≠ config store.id) is refused (exit 65);
 * - a file that is not the database recorded in `<db>.identity` (swapped) is refused unless `init`.
 */
export function openCheckedStore(dbPath: string, storeId: string, opts: CheckedOpenOptions = {}): Store {
  const { init = false, ...dbOpts } = opts;
  const recorded = readIdentityFile(dbPath);
  const hasFile = existsSync(dbPath) && statSync(dbPath).size > 0;
  if (!hasFile && recorded && !init) {
    throw new StartupError(
      `database ${dbPath} is missing or empty, but ${identityPath(dbPath)} says it held the data of store ${recorded.storeId} ` +
        `(database ${recorded.databaseId}, created ${recorded.createdAt}). Restore it from a backup, or run "tillgate start --init" to begin with an empty database.`,
      EXIT.DATAERR,
    );
  }
  if (hasFile) quickCheck(dbPath);
  let store: Store;
  try {
    store = openStore(dbPath, storeId, dbOpts);
  } catch (e) {
    if (isStorageError(e)) throw corrupt(dbPath, (e as Error).message);
    throw e;
  }
  try {
    const identity = ensureIdentity(store.db, storeId);
    if (identity.storeId !== storeId) {
      throw new StartupError(
        `database ${dbPath} belongs to store "${identity.storeId}", but config store.id is "${storeId}": this is another store's database (swapped box?). ` +
          "Put this store's database there, or correct store.id.",
        EXIT.DATAERR,
      );
    }
    if (recorded && recorded.databaseId !== identity.databaseId && !init) {
      throw new StartupError(
        `database ${dbPath} (database ${identity.databaseId}) is not the one recorded in ${identityPath(dbPath)} (database ${recorded.databaseId}): ` +
          'the file was replaced. Restore the right file, or run "tillgate start --init" to adopt this one.',
        EXIT.DATAERR,
      );
    }
    if (!recorded || recorded.databaseId !== identity.databaseId) writeIdentityFile(dbPath, identity);
    return store;
  } catch (e) {
    store.close();
    throw e;
  }
}

function quickCheck(dbPath: string): void {
  let db: Db | null = null;
  try {
    db = new Db(dbPath);
    const rows = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw corrupt(dbPath, problems.slice(0, 3).join('; '));
  } catch (e) {
    // Any SQLite failure while merely opening and checking is the file's fault: a garbled page
    // can surface as SQLITE_CORRUPT, SQLITE_NOTADB or e.g. "vtable constructor failed".
    if (e instanceof StartupError || !sqliteCode(e)) throw e;
    throw corrupt(dbPath, (e as Error).message);
  } finally {
    db?.close();
  }
}

function corrupt(dbPath: string, detail: string): StartupError {
  return new StartupError(`database ${dbPath} is corrupt or unreadable (${detail}); restore it from a backup`, EXIT.IOERR);
}

/** The identity row; written now if the database has none (new, or from before migration 0008_store_hardening). */
function ensureIdentity(db: Db, storeId: string): StoreIdentity {
  const row = db.prepare('SELECT store_id, database_id, created_at FROM store_identity WHERE id = 1').get() as
    | { store_id: string; database_id: string; created_at: string }
    | undefined;
  if (row) return { storeId: row.store_id, databaseId: row.database_id, createdAt: row.created_at };
  const identity = { storeId, databaseId: randomUUID(), createdAt: new Date().toISOString() };
  db.tx(() =>
    db
      .prepare('INSERT INTO store_identity (id, store_id, database_id, created_at) VALUES (1, ?, ?, ?)')
      .run(identity.storeId, identity.databaseId, identity.createdAt),
  );
  return identity;
}

export function readIdentityFile(dbPath: string): StoreIdentity | null {
  const path = identityPath(dbPath);
  if (!existsSync(path)) return null;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoreIdentity>;
    if (typeof j.storeId === 'string' && typeof j.databaseId === 'string' && typeof j.createdAt === 'string') {
      return { storeId: j.storeId, databaseId: j.databaseId, createdAt: j.createdAt };
    }
  } catch {
    // fall through
  }
  throw new StartupError(`${path} is not a valid identity file; restore it or remove it if ${dbPath} is the right database`, EXIT.DATAERR);
}

/** Write `<db>.identity` (temp name, then rename). */
export function writeIdentityFile(dbPath: string, identity: StoreIdentity): void {
  const path = identityPath(dbPath);
  writeFileSync(`${path}.tmp`, JSON.stringify(identity, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}
