import { describe, expect, it } from 'vitest';
import { EventLog, type SeqStore } from '../../src/common/event-log.js';

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

  it('GW-2: ids continue above the persisted high-water mark after a restart (clean or crash); older cursors are reported incomplete', () => {
    let saved = 0;
    const store: SeqStore = { load: () => saved, save: (n) => void (saved = n) };
    const first = new EventLog(10, undefined, store);
    for (let i = 0; i < 3; i++) first.append('card.read', {});
    expect(first.replay(1)).toMatchObject({ complete: true });
    // crash: no checkpoint; the next process starts above everything reserved
    const second = new EventLog(10, undefined, store);
    second.append('card.read', {});
    expect(second.lastSeq).toBeGreaterThan(3);
    expect(second.replay(3)).toMatchObject({ complete: false, events: [{ seq: second.lastSeq }] });
    expect(second.replay(second.lastSeq - 1)).toMatchObject({ complete: true });
    // clean stop: the next process continues right after the last id, and that cursor is complete
    second.checkpoint();
    const third = new EventLog(10, undefined, store);
    expect(third.replay(second.lastSeq)).toEqual({ complete: true, events: [] });
    third.append('card.read', {});
    expect(third.lastSeq).toBe(second.lastSeq + 1);
    // a cursor never issued, or evicted by capacity, is incomplete too
    expect(third.replay(third.lastSeq + 5).complete).toBe(false);
    for (let i = 0; i < 20; i++) third.append('job.done', {});
    expect(third.replay(third.lastSeq - 15).complete).toBe(false);
  });
});
