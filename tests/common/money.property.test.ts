import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulDivHalfAway, percentOf } from '../../src/common/money.js';

/** Exact reference: a*b/d rounded half away from zero, all in BigInt. */
function reference(a: bigint, b: bigint, d: bigint): bigint {
  const p = a * b;
  const neg = p < 0n !== d < 0n;
  const ap = p < 0n ? -p : p;
  const ad = d < 0n ? -d : d;
  let q = ap / ad;
  if (2n * (ap % ad) >= ad) q += 1n;
  return neg ? -q : q;
}

const price = fc.integer({ min: 0, max: 100_000_000 });
const qty = fc.integer({ min: 1, max: 100_000 });
const bp = fc.integer({ min: 0, max: 10_000 });

describe('money: integer discount arithmetic', () => {
  it('CARD-5: a line discount (unit price x qty at basis points) equals the exact BigInt result, half away from zero', () => {
    fc.assert(
      fc.property(price, qty, bp, (p, q, b) => {
        const gross = p * q;
        expect(percentOf(gross, b)).toBe(Number(reference(BigInt(gross), BigInt(b), 10_000n)));
      }),
      { numRuns: 5000 },
    );
  });

  it('CARD-5: large totals whose product with the percent passes 2^53 still round exactly (percent vouchers on a whole receipt)', () => {
    const big = fc.integer({ min: 0, max: 500 * 100_000_000 * 100_000 }).filter(Number.isSafeInteger);
    fc.assert(
      fc.property(big, bp, (g, b) => {
        expect(percentOf(g, b)).toBe(Number(reference(BigInt(g), BigInt(b), 10_000n)));
      }),
      { numRuns: 5000 },
    );
  });

  it('CARD-5: exact halves round away from zero, also for negative amounts', () => {
    expect(percentOf(1005, 5000)).toBe(503);
    expect(percentOf(-1005, 5000)).toBe(-503);
    expect(percentOf(15, 3333)).toBe(5);
    expect(percentOf(1, 4999)).toBe(0);
    expect(percentOf(1, 5000)).toBe(1);
    expect(Object.is(percentOf(-1, 1), 0)).toBe(true);
  });

  it('CARD-3: refund shares (total x k / n) equal the exact BigInt result for any sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
        fc.integer({ min: 1, max: 100_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        (t, [k, n]) => {
          expect(mulDivHalfAway(t, k, n)).toBe(Number(reference(BigInt(t), BigInt(k), BigInt(n))));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('CARD-5: non-integers and a zero divisor are programming errors, never silently rounded', () => {
    expect(() => mulDivHalfAway(1.5, 2, 3)).toThrow(RangeError);
    expect(() => mulDivHalfAway(1, 2, 0)).toThrow(RangeError);
  });
});
