/**
 * A keyed permutation of [0, size): a 4-round balanced Feistel network on the smallest even
 * bit width covering `size`, with cycle-walking for values that land outside the range. Every
 * index maps to a distinct value, so drawing "random" numbers is O(1) (expected < 2 walks) and
 * unique by construction, with no retries and no table of used numbers. Not cryptographic:
 * it hides the sequence from customers, it does not protect it from an attacker.
 */

const ROUNDS = 4;

/** 32-bit mix of (key, round, value): a murmur3-style finalizer. */
function roundFn(key: number, round: number, x: number): number {
  let h = (x ^ Math.imul(key, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Permutation {
  readonly size: number;
  /** The value at position `index` (0 ≤ index < size). */
  at(index: number): number;
  /** The position of `value` (0 ≤ value < size): `indexOf(at(i)) === i`. */
  indexOf(value: number): number;
}

/** Build the permutation of [0, size) for a 32-bit key. `size` may be up to 2^52. */
export function keyedPermutation(size: number, key: number): Permutation {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`size must be a positive safe integer, got ${size}`);
  let bits = Math.max(2, Math.ceil(Math.log2(size)));
  if (bits % 2) bits++;
  const half = bits / 2;
  const mod = 2 ** half; // halves ≤ 26 bits, so products stay exact in doubles
  const k = key >>> 0;
  const encrypt = (x: number): number => {
    let l = Math.floor(x / mod);
    let r = x % mod;
    for (let i = 0; i < ROUNDS; i++) {
      const next = (l + (roundFn(k, i, r) % mod)) % mod;
      l = r;
      r = next;
    }
    return l * mod + r;
  };
  const decrypt = (y: number): number => {
    let l = Math.floor(y / mod);
    let r = y % mod;
    for (let i = ROUNDS - 1; i >= 0; i--) {
      const prev = (((r - (roundFn(k, i, l) % mod)) % mod) + mod) % mod;
      r = l;
      l = prev;
    }
    return l * mod + r;
  };
  const check = (x: number, what: string) => {
    if (!Number.isInteger(x) || x < 0 || x >= size) throw new RangeError(`${what} ${x} outside 0..${size - 1}`);
  };
  return {
    size,
    at(index: number): number {
      check(index, 'index');
      let x = encrypt(index);
      while (x >= size) x = encrypt(x); // cycle-walking: stays a bijection on [0, size)
      return x;
    },
    indexOf(value: number): number {
      check(value, 'value');
      let x = decrypt(value);
      while (x >= size) x = decrypt(x); // the same walk backwards
      return x;
    },
  };
}
