import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/store.js';

const SNAPSHOT = new URL('../../fixtures/schema.sql', import.meta.url);

/** Every table, index, trigger and view after all migrations, in a stable order. */
function schemaDump(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-schema-'));
  const store = openStore(join(dir, 'store.db'), 'schema-test');
  try {
    const rows = store.schemaDump();
    return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.trim()};\n`).join('\n');
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('database schema (issue 10)', () => {
  it('the migrated schema equals the checked-in tests/fixtures/schema.sql: schema changes are deliberate', () => {
    const now = schemaDump();
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT, now);
    const expected = readFileSync(SNAPSHOT, 'utf8');
    expect(
      now,
      'the schema changed: if on purpose, run UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run tests/engine/store/schema-snapshot.test.ts and commit tests/fixtures/schema.sql',
    ).toBe(expected);
  });
});
