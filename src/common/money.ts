/** Money is integer minor units; percentages are basis points (500 = 5 %). All arithmetic is integer. */

/** Round half away from zero to an integer (for values that are already exact, e.g. a mean of integers). */
export function roundHalfAway(x: number): number {
  const r = x < 0 ? -Math.round(-x) : Math.round(x);
  return r === 0 ? 0 : r;
}

function assertInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be a safe integer, got ${v}`);
}

/**
 * `a × b / d` rounded once, half away from zero, computed exactly in integers: with numbers
 * while the product is a safe integer, with BigInt when it is not (a whole receipt's net times
 * a percent can pass 2^53). Never a float product: that rounds before we do.
 */
export function mulDivHalfAway(a: number, b: number, d: number): number {
  assertInt('a', a);
  assertInt('b', b);
  assertInt('d', d);
  if (d === 0) throw new RangeError('division by zero');
  const p = a * b;
  const negative = p < 0 !== d < 0;
  let q: number;
  if (Number.isSafeInteger(p)) {
    const ap = Math.abs(p);
    const ad = Math.abs(d);
    const r = ap % ad; // exact for safe integers
    q = (ap - r) / ad; // exact: divisible, and the quotient is smaller than ap
    if (r >= ad - r) q += 1;
  } else {
    const bp = BigInt(a) * BigInt(b);
    const ap = bp < 0n ? -bp : bp;
    const ad = BigInt(Math.abs(d));
    let bq = ap / ad;
    if (2n * (ap % ad) >= ad) bq += 1n;
    q = Number(bq);
    if (!Number.isSafeInteger(q)) throw new RangeError(`${a} × ${b} / ${d} does not fit a safe integer`);
  }
  return negative && q !== 0 ? -q : q;
}

/** The discount in minor units for `gross` at `basisPoints`, rounded once, half away from zero. */
export function percentOf(gross: number, basisPoints: number): number {
  return mulDivHalfAway(gross, basisPoints, 10_000);
}
