import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/central/db/database.js';
import { centralMigrations, migrateCentral } from '../../src/central/db/migrate.js';
import { freshDatabase, type FreshDatabase } from '../helpers/central-db.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';

const hasPg = requireStack(STACKS.postgres);

describe.skipIf(!hasPg)('central migrations on PostgreSQL', () => {
  let fresh: FreshDatabase;
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    fresh = await freshDatabase();
    a = await openDatabase({ url: fresh.url });
    b = await openDatabase({ url: fresh.url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fresh?.drop();
  });

  it('SYNC-10: two nodes migrating the same database at once apply each migration exactly once', async () => {
    const [x, y] = await Promise.all([migrateCentral(a), migrateCentral(b)]);
    const all = centralMigrations().map((m) => m.version);
    expect([...x, ...y].sort()).toEqual(all);
    const rows = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(all);
    expect(await migrateCentral(a)).toEqual([]);
  });

  it('SYNC-10: a database newer than the program is refused', async () => {
    await a.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')");
    await expect(migrateCentral(b)).rejects.toThrow(/newer than this program/);
    await a.query('DELETE FROM schema_migrations WHERE version = 9999');
  });
});
