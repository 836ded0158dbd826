import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvdevDecoder, typeText } from '../../../src/drivers/magstripe/evdev.js';
import { parseSwipeLine, swipeNumber, TrackParser, type Swipe } from '../../../src/drivers/magstripe/track-parser.js';

const LOYALTY = '%B2712345678^TAMM/MARI^2912101?;2712345678=2912101?\r\n';
const BANK = '%B4111111111111111^DOE/JOHN^25121010000000000000?;4111111111111111=25121010000000000000?\r';

/** Split `s` at the given cut points. */
function chunks(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(s.slice(last, p));
    last = p;
  }
  out.push(s.slice(last));
  return out;
}

describe('ISO 7813 track parser (GW-2)', () => {
  it('GW-2: tracks 1, 2 and 3 of one swipe; the number comes from track 2', () => {
    const s = parseSwipeLine('%B2712345678^TAMM/MARI^2912?;2712345678=2912?;0112345?')!;
    expect(s).toEqual({ track1: 'B2712345678^TAMM/MARI^2912', track2: '2712345678=2912', track3: '0112345', bad: [] });
    expect(swipeNumber(s)).toBe('2712345678');
    expect(swipeNumber(parseSwipeLine('+99887766=1?')!)).toBe('99887766');
    expect(swipeNumber(parseSwipeLine('%B2700000001^X^1?')!)).toBe('2700000001');
  });

  it('GW-2: bad swipes (E markers, missing end sentinel, wrong characters) give no number', () => {
    const e = parseSwipeLine('%E?;E?')!;
    expect(e.bad).toEqual([1, 2]);
    expect(swipeNumber(e)).toBeNull();
    expect(swipeNumber(parseSwipeLine(';27123')!)).toBeNull();
    expect(parseSwipeLine(';12a4?')!.bad).toEqual([2]);
    expect(parseSwipeLine('hello')).toBeNull();
    // A good track 2 still reads when track 1 failed.
    expect(swipeNumber(parseSwipeLine('%E?;2712345678?')!)).toBe('2712345678');
  });

  it("GW-2: a serial reader's LRC byte after the end sentinel is skipped", () => {
    expect(parseSwipeLine(';2712345678?x%B1^A^1?')).toMatchObject({ track2: '2712345678', track1: 'B1^A^1' });
  });

  it('GW-2: any chunking of a stream of swipes yields the same swipes (property)', () => {
    // Swipes come seconds apart: the reader going quiet (flush) ends each one.
    const swipes = [LOYALTY, '%E?;E?\r', BANK, ';2799999999?\n', '%B2700000001^A^1?\r;2700000001=1?\r'];
    const whole = new TrackParser();
    const all = swipes.flatMap((s) => [...whole.push(s), ...whole.flush()]);
    expect(all.map(swipeNumber)).toEqual(['2712345678', null, '4111111111111111', '2799999999', '2700000001']);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const p = new TrackParser();
        const got: Swipe[] = [];
        for (const s of swipes) {
          for (const c of chunks(s, cuts)) got.push(...p.push(c));
          got.push(...p.flush());
        }
        expect(got).toEqual(all);
      }),
      { numRuns: 300 },
    );
  });

  it('GW-2: a reader that ends each track with CR gives one swipe, not one per track', () => {
    const p = new TrackParser();
    expect(p.push('%B2712345678^TAMM/MARI^2912?\r')).toEqual([]);
    expect(p.push(';2712345678=2912?\r')).toEqual([]);
    const one = p.push(';0112345?\r'); // track 3 completes it at once
    expect(one).toEqual([{ track1: 'B2712345678^TAMM/MARI^2912', track2: '2712345678=2912', track3: '0112345', bad: [] }]);
    // A track-1 line starts the next swipe and completes the one before.
    p.push('%B2700000001^A^1?\r;2700000001=1?\r');
    expect(p.push('%B2700000002^B^1?\r').map(swipeNumber)).toEqual(['2700000001']);
    expect(p.flush().map(swipeNumber)).toEqual(['2700000002']);
    // LF (or CR LF) ends a swipe at once: two quick track-2-only swipes stay two.
    expect(p.push(';2799999999=1?\r\n;2788888888=1?\n').map(swipeNumber)).toEqual(['2799999999', '2788888888']);
  });

  it('GW-2: a reader that never ends its line cannot grow memory without bound', () => {
    const p = new TrackParser();
    expect(p.push(';' + '1'.repeat(10_000))).toEqual([]);
    expect([...p.push('\r;2712345678?\r'), ...p.flush()].map(swipeNumber)).toEqual(['2712345678']);
  });
});

describe('evdev keyboard-style reader decoding (GW-1)', () => {
  it('GW-1: input_event records split anywhere decode to the typed swipe, shift included', () => {
    const records = typeText(LOYALTY.replace('\r\n', '\n'));
    const whole = new EvdevDecoder().push(records);
    expect(whole).toBe(LOYALTY.replace('\r\n', '\n'));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
        const d = new EvdevDecoder();
        const points = [...new Set(cuts.map((c) => c % (records.length + 1)))].sort((a, b) => a - b);
        let last = 0;
        let out = '';
        for (const p of [...points, records.length]) {
          out += d.push(records.subarray(last, p));
          last = p;
        }
        expect(out).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });
});
