import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/common/event-log.js';

describe('event log with sequence ids (GW-2)', () => {
  it('GW-2: sequence ids are gapless; since() replays what a client missed; capacity bounds memory', () => {
    const log = new EventLog(3);
    for (let i = 0; i < 5; i++) log.append('card.removed', { deviceId: `d${i}` });
    expect(log.lastSeq).toBe(5);
    expect(log.since(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.since(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    // A cursor from before a daemon restart (ahead of this process) gets everything held.
    expect(log.since(99).map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('GW-2: long-poll resolves with the next event, or [] when the timeout or an abort comes first', async () => {
    const log = new EventLog();
    const waiting = log.waitAfter(0, 10_000);
    log.append('job.done', { jobId: 'j' });
    expect((await waiting).map((e) => e.type)).toEqual(['job.done']);
    expect(await log.waitAfter(1, 1)).toEqual([]);
    const ac = new AbortController();
    const aborted = log.waitAfter(1, 10_000, ac.signal);
    ac.abort();
    expect(await aborted).toEqual([]);
  });

  it('GW-2: a failing subscriber does not stop the others', () => {
    const log = new EventLog();
    const seen: number[] = [];
    log.subscribe(() => {
      throw new Error('boom');
    });
    const off = log.subscribe((e) => seen.push(e.seq));
    log.append('a', {});
    off();
    log.append('b', {});
    expect(seen).toEqual([1]);
  });
});
