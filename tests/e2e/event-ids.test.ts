import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { PtyPair } from '../helpers/socat-pty.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

interface Batch {
  events: { seq: number; type: string; data: { cardNumber?: string } }[];
  lastSeq: number;
  lost?: boolean;
  oldestSeq?: number | null;
}

const dir = mkdtempSync(join(tmpdir(), 'tg-evids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!requireStack(STACKS.socat))('device event ids across daemon restarts (GW-2)', () => {
  it('GW-2: event ids stay monotonic across a restart; a till resuming with its old Last-Event-ID gets every new card.read and is told what was lost', async () => {
    const pair = new PtyPair(join(dir, 'till'), join(dir, 'reader'));
    await pair.plug();
    const reader = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => reader.open((e) => (e ? rej(e) : res())));
    reader.on('error', () => undefined);
    const swipe = (n: string) => new Promise<void>((res) => reader.write(`;${n}=2912?\r\n`, () => reader.drain(() => res())));
    const { file } = writeDaemonConfig(
      `${TEST_CONFIG_YAML.replace('./unused.db', './store.db')}devices:\n  - { id: msr, kind: magstripe, transport: { type: serial, path: ${pair.a} } }\n`,
      dir,
    );
    const poll = async (d: SpawnedDaemon, after: number): Promise<Batch> => (await (await d.fetch(`/v1/events/poll?after=${after}&timeout=1`)).json()) as Batch;
    /** Follow the stream from `after` until `n` card.read events were seen. */
    async function follow(d: SpawnedDaemon, after: number, n: number): Promise<{ reads: Batch['events']; all: Batch['events']; first: Batch }> {
      const all: Batch['events'] = [];
      let cursor = after;
      let first: Batch | null = null;
      await waitFor(async () => {
        const b = await poll(d, cursor);
        first ??= b;
        all.push(...b.events);
        cursor = b.lastSeq;
        return all.filter((e) => e.type === 'card.read').length >= n;
      }, `${n} card.read events`);
      return { reads: all.filter((e) => e.type === 'card.read'), all, first: first! };
    }
    const ready = (d: SpawnedDaemon) =>
      waitFor(async () => ((await (await d.fetch(`/v1/devices/msr`)).json()) as { state: string }).state === 'ready', 'reader ready');

    let d = await spawnDaemon(file);
    let lastSeen: number;
    try {
      await ready(d);
      await swipe('77000001');
      await swipe('77000002');
      const before = await follow(d, 0, 2);
      expect(before.reads.map((e) => e.data.cardNumber)).toEqual(['77000001', '77000002']);
      lastSeen = before.all.at(-1)!.seq;
    } finally {
      d.proc.kill('SIGTERM');
    }
    expect((await d.exited).code).toBe(0);

    d = await spawnDaemon(file);
    try {
      await ready(d);
      for (const n of ['77000003', '77000004', '77000005', '77000006']) await swipe(n);
      const after = await follow(d, lastSeen, 4);
      expect(after.reads.map((e) => e.data.cardNumber)).toEqual(['77000003', '77000004', '77000005', '77000006']);
      const seqs = after.all.map((e) => e.seq);
      expect(seqs.every((s) => s > lastSeen)).toBe(true);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      // The device.state events of the old process's shutdown were never seen: the till is told.
      expect(after.first).toMatchObject({ lost: true, oldestSeq: expect.any(Number) });
      // A cursor this process issued is served completely, with nothing reported lost.
      const resumed = await poll(d, after.all.at(-2)!.seq);
      expect(resumed.lost).toBeUndefined();
      expect(resumed.events.map((e) => e.seq)).toEqual([after.all.at(-1)!.seq]);
      // SSE says the same for the old id, before replaying what is held.
      const ac = new AbortController();
      const res = await fetch(`${d.base}/v1/events`, { headers: { 'last-event-id': String(lastSeen) }, signal: ac.signal });
      const r = res.body!.getReader();
      let text = '';
      while (!text.includes('77000006')) text += new TextDecoder().decode((await r.read()).value);
      ac.abort();
      expect(text.indexOf('event: events.lost')).toBeGreaterThanOrEqual(0);
      expect(text.indexOf('event: events.lost')).toBeLessThan(text.indexOf('event: card.read'));
    } finally {
      d.proc.kill('SIGTERM');
      reader.close();
      await pair.unplug();
    }
    expect((await d.exited).code).toBe(0);
  });
});
