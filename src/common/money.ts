/** Money is integer minor units; percentages are basis points (500 = 5 %). */

/** Round half away from zero to an integer. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** The discount in minor units for `gross` at `basisPoints`, rounded once, half away from zero. */
export function percentOf(gross: number, basisPoints: number): number {
  return roundHalfAway((gross * basisPoints) / 10_000);
}
