import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, compareHlcText, formatHlc, HLC_ZERO, HlcError, hlcReceive, hlcSend, parseHlc, type Hlc } from '../../src/sync/hlc.js';
import { mergeFields } from '../../src/sync/merge.js';

const hlc = fc.record({
  wall: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  counter: fc.integer({ min: 0, max: 99_999 }),
  node: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/),
});

describe('hybrid logical clock', () => {
  it('SYNC-7: send is strictly later than the last timestamp, even when the wall clock goes back', () => {
    const a = hlcSend(HLC_ZERO, 1000, 's1');
    const b = hlcSend(a, 900, 's1'); // clock stepped back
    const c = hlcSend(b, 900, 's1');
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(b, c)).toBeLessThan(0);
    expect(b).toEqual({ wall: 1000, counter: 1, node: 's1' });
  });

  it('SYNC-7: receive is later than both the local and the remote clock', () => {
    fc.assert(
      fc.property(hlc, hlc, fc.integer({ min: 0, max: 4_000_000_000_000 }), (local, remote, now) => {
        const r = hlcReceive(local, remote, Math.max(now, remote.wall), 'me', Infinity);
        expect(r.wall > local.wall || (r.wall === local.wall && r.counter > local.counter) || r.counter === 0).toBe(true);
        expect(compareHlc({ ...r, node: '' }, { ...remote, node: '' })).toBeGreaterThan(0);
        expect(compareHlc({ ...r, node: '' }, { ...local, node: '' })).toBeGreaterThan(0);
      }),
    );
  });

  it('SYNC-7: a remote clock too far in the future is refused', () => {
    expect(() => hlcReceive(HLC_ZERO, { wall: 10_000_000, counter: 0, node: 'x' }, 0, 'me', 60_000)).toThrow(HlcError);
  });

  it('SYNC-7: equal wall time and counter are ordered by node id, and text order equals clock order', () => {
    fc.assert(
      fc.property(hlc, hlc, (a: Hlc, b: Hlc) => {
        expect(Math.sign(compareHlcText(formatHlc(a), formatHlc(b)))).toBe(Math.sign(compareHlc(a, b)));
        expect(parseHlc(formatHlc(a))).toEqual(a);
      }),
    );
    const x = formatHlc({ wall: 5, counter: 0, node: 'store-a' });
    const y = formatHlc({ wall: 5, counter: 0, node: 'store-b' });
    expect(compareHlcText(x, y)).toBeLessThan(0);
  });

  it('SYNC-7: a counter overflow borrows the next millisecond instead of widening the text', () => {
    const h = hlcSend({ wall: 7, counter: 99_999, node: 'n' }, 7, 'n');
    expect(h).toEqual({ wall: 8, counter: 0, node: 'n' });
    expect(formatHlc(h)).toMatch(/^\d{15}-\d{5}-n$/);
  });
});

describe('per-field merge', () => {
  const t = (wall: number, node: string) => formatHlc({ wall, counter: 0, node });

  it('SYNC-7: edits of different fields from two stores both survive, in either order', () => {
    const base = { fields: { phone: '1', email: 'a@x.ee' }, hlc: { phone: t(1, 'c'), email: t(1, 'c') } };
    const e1 = { fields: { phone: '2' }, hlc: t(5, 's1') };
    const e2 = { fields: { email: 'b@x.ee' }, hlc: t(4, 's2') };
    const ab = mergeFields(mergeFields(base, e1).state, e2).state;
    const ba = mergeFields(mergeFields(base, e2).state, e1).state;
    expect(ab).toEqual(ba);
    expect(ab.fields).toEqual({ phone: '2', email: 'b@x.ee' });
  });

  it('SYNC-7: the later HLC wins a field whatever the arrival order; a tie goes to the higher store id', () => {
    const base = { fields: {}, hlc: {} };
    const late = { fields: { city: 'Tartu' }, hlc: t(9, 's1') };
    const early = { fields: { city: 'Narva' }, hlc: t(8, 's2') };
    expect(mergeFields(mergeFields(base, late).state, early).state.fields.city).toBe('Tartu');
    expect(mergeFields(mergeFields(base, early).state, late).state.fields.city).toBe('Tartu');
    const tieA = { fields: { city: 'A' }, hlc: t(9, 'store-a') };
    const tieB = { fields: { city: 'B' }, hlc: t(9, 'store-b') };
    expect(mergeFields(mergeFields(base, tieB).state, tieA).state.fields.city).toBe('B');
    expect(mergeFields(mergeFields(base, tieA).state, tieB).state.fields.city).toBe('B');
  });

  it('SYNC-7: applying the same edit twice changes nothing the second time', () => {
    const e = { fields: { info1: 'x' }, hlc: t(3, 's') };
    const once = mergeFields({ fields: {}, hlc: {} }, e);
    const twice = mergeFields(once.state, e);
    expect(once.changed).toEqual(['info1']);
    expect(twice.changed).toEqual([]);
    expect(twice.state).toEqual(once.state);
  });
});
