import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/common/logger.js';
import { deviceSchema } from '../../../src/config/devices-schema.js';
import { DeviceHub } from '../../../src/drivers/hub.js';
import { Db } from '../../../src/engine/store/db.js';
import { migrate } from '../../../src/engine/store/migrate.js';
import { storePrintJournal } from '../../../src/bridges/print-journal.js';
import type { PrintJournal } from '../../../src/drivers/print-journal.js';
import { FakePrinter } from '../../helpers/fake-printer.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { PtyPair } from '../../helpers/socat-pty.js';
import { waitFor } from '../../helpers/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = join(import.meta.dirname, '../../..');

function openJournal(path: string): { db: Db; journal: PrintJournal } {
  const db = new Db(path);
  migrate(db);
  return { db, journal: storePrintJournal(db) };
}

describe('durable print-job journal on libSQL (GW-3)', () => {
  it('GW-3: a key maps to one job; claim is once; rows survive reopening the file', () => {
    const path = join(dir, 'a.db');
    const { db, journal } = openJournal(path);
    const n = { jobId: 'j1', printerId: 'p1', jobKey: 'k', docHash: 'h', doc: '{"lines":[]}', at: '2026-11-22T10:00:00.000Z' };
    expect(journal.enqueue(n).created).toBe(true);
    expect(journal.enqueue({ ...n, jobId: 'j2' })).toMatchObject({ created: false, job: { jobId: 'j1' } });
    expect(journal.byKey('p1', 'k')?.jobId).toBe('j1');
    expect(journal.queued('p1').map((j) => j.jobId)).toEqual(['j1']);
    expect(journal.claim('j1', n.at)).toBe(true);
    expect(journal.claim('j1', n.at)).toBe(false);
    db.close();
    const again = openJournal(path);
    const recovered = again.journal.recoverInterrupted('2026-11-22T10:01:00.000Z');
    expect(recovered.map((j) => [j.jobId, j.state])).toEqual([['j1', 'in_doubt']]);
    expect(again.journal.get('j1')).toMatchObject({ state: 'in_doubt', printerId: 'p1', jobKey: 'k' });
    expect(Object.keys(again.journal.get('j1')!)).not.toContain('_metadata');
    again.db.close();
  });

  it.skipIf(!requireStack(STACKS.socat))(
    'GW-3: a daemon killed mid-job leaves the job in_doubt after restart; it is never reprinted, even when the till retries',
    async () => {
      const pair = new PtyPair(join(dir, 'till'), join(dir, 'printer'));
      await pair.plug();
      const dbPath = join(dir, 'crash.db');
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/drivers/fixtures/print-crash-child.ts'), dbPath, pair.a], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await waitFor(() => /PRINTING (\S+)/.test(out), 'child to be mid-job', 30_000);
      const jobId = /PRINTING (\S+)/.exec(out)![1]!;
      await new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGKILL');
      });
      // Replug the cable (socat buffers what the dead process wrote) and attach a fresh printer.
      await pair.unplug();
      await pair.plug();
      const fake = new FakePrinter(pair.b);
      await fake.open();
      const { db, journal } = openJournal(dbPath);
      const hub = new DeviceHub({
        devices: [deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'serial', path: pair.a }, statusIntervalMs: 200 })],
        cardSchemes: [],
        logger: silentLogger(),
        journal,
        backoff: { minMs: 50, maxMs: 300 },
      });
      await hub.start();
      try {
        expect(hub.events.since(0).find((e) => e.type === 'job.done')?.data).toMatchObject({ deviceId: 'p1', jobId, state: 'in_doubt' });
        await waitFor(() => hub.get('p1').state === 'ready', 'printer ready');
        const retry = hub.print('p1', { lines: Array.from({ length: 1000 }, () => ({ text: 'X'.repeat(2000) })) }, 'till-key-1');
        expect(retry).toMatchObject({ jobId, state: 'in_doubt' });
        const fresh = hub.print('p1', { lines: [{ text: 'next' }] }, 'till-key-2');
        await waitFor(() => hub.jobStatus('p1', fresh.jobId).state === 'done', 'next job printed');
        expect(fake.printed.includes(Buffer.from('XXXX'))).toBe(false);
      } finally {
        await hub.stop();
        db.close();
        await fake.close();
        await pair.unplug();
      }
    },
  );
});
