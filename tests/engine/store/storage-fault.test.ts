import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCard } from '../../../src/engine/cards/cards.js';
import { mapSqliteError } from '../../../src/engine/store/storage-fault.js';
import { AppError } from '../../../src/common/errors.js';
import { apiFixture, type ApiFixture } from '../../helpers/api-fixture.js';
import { aPerson } from '../../helpers/factories.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';

type Health = { status: string; db: { ok: boolean; fault: { code: string; reason: string } | null } };

function sqliteError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('storage faults (issue 9 item 10)', () => {
  let f: ApiFixture | undefined;
  afterEach(() => f?.close());

  it('GW-7 item 10: libsql storage results map to 503 storage_unavailable with the fault; busy to database_busy; others pass through', () => {
    for (const code of [
      'SQLITE_FULL',
      'SQLITE_READONLY',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_IOERR_WRITE',
      'SQLITE_IOERR_FSYNC',
      'SQLITE_CORRUPT',
      'SQLITE_NOTADB',
      'SQLITE_CANTOPEN',
    ]) {
      const { error, fault } = mapSqliteError(sqliteError(code));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'storage_unavailable', status: 503, extra: { reason: code } });
      expect(fault).toMatchObject({ code, reason: expect.any(String) });
    }
    expect(mapSqliteError(sqliteError('SQLITE_BUSY'))).toMatchObject({ error: { code: 'database_busy' }, fault: null });
    const constraint = sqliteError('SQLITE_CONSTRAINT_UNIQUE');
    expect(mapSqliteError(constraint)).toEqual({ error: constraint, fault: null });
  });

  it('GW-7 item 10: with the database and its WAL read-only (chattr +i), writes answer 503 storage_unavailable, reads go on, health is degraded with the reason, and it recovers by itself', async () => {
    if (!requireStack(STACKS.chattr)) return;
    f = apiFixture();
    const card = createCard(f.ctx, aPerson(f.ctx).id, { type: 'credit' }).number;
    const topup = (key: string) => f!.json('POST', `/v1/cards/${card}/topups`, { body: { amount: 500 }, headers: { 'idempotency-key': key } });
    expect((await topup('before')).status).toBe(201);
    const files = [f.dbPath, `${f.dbPath}-wal`].filter(existsSync);
    expect(files).toHaveLength(2);
    execFileSync('chattr', ['+i', ...files]);
    try {
      const res = await f.req('POST', `/v1/cards/${card}/topups`, { body: { amount: 500 }, headers: { 'idempotency-key': 'during' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await res.json()).toMatchObject({ code: 'storage_unavailable', status: 503 });
      // reads go on
      expect((await f.json('GET', `/v1/cards/${card}`)).body).toMatchObject({ balances: { money: 500 } });
      const h = (await f.json<Health>('GET', '/v1/health')).body;
      expect(h).toMatchObject({
        status: 'degraded',
        db: { ok: false, fault: { code: expect.stringMatching(/^SQLITE_(IOERR|READONLY)/), reason: expect.any(String) } },
      });
      expect(f.ctx.store.db.probeStorage()).toBe(false);
    } finally {
      execFileSync('chattr', ['-i', ...files]);
    }
    // the daemon's periodic probe clears the fault without any till write
    expect(f.ctx.store.db.probeStorage()).toBe(true);
    expect((await f.json<Health>('GET', '/v1/health')).body).toMatchObject({ status: 'ok', db: { ok: true, fault: null } });
    // the failed write saved nothing: its retry applies once, a second retry replays
    expect((await topup('during')).status).toBe(201);
    expect((await topup('during')).status).toBe(201);
    expect((await f.json('GET', `/v1/cards/${card}`)).body).toMatchObject({ balances: { money: 1000 } });
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });
});
