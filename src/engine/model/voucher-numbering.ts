/**
 * Voucher numbering (VOUCH-1..3). A range numbers serials `from`..`to`; each code is the serial
 * zero-padded to the serial width, plus a check digit when the range has one (the check digit
 * counts within `digits`: 5 digits with check digit = 4-digit serial + 1 check digit).
 *
 * Draws are by index i in [0, size): sequential ranges give from + i; random ranges give
 * from + P(i) for a keyed permutation P, so codes are unique by construction and look random.
 * A store numbers only from index blocks it holds (standalone: the whole range), so two stores
 * of a chain never issue the same code; the next index is persisted, so restarts continue.
 */
import { checkDigit, checkDigitValid, type CheckScheme } from '../../common/check-digits.js';
import { keyedPermutation, type Permutation } from './keyed-permutation.js';

export interface VoucherRange {
  id: string;
  code: string;
  description: string;
  /** Total digits of a voucher number, check digit included. */
  digits: number;
  /** First and last serial (without check digit). */
  from: number;
  to: number;
  random: boolean;
  checkDigit: boolean;
  checkScheme: CheckScheme;
  active: boolean;
  /** 32-bit key of the random permutation, fixed when the range is created. */
  key: number;
}

export type RangeProblem = { path: string; message: string };

export function serialDigits(r: Pick<VoucherRange, 'digits' | 'checkDigit'>): number {
  return r.digits - (r.checkDigit ? 1 : 0);
}

export function rangeSize(r: Pick<VoucherRange, 'from' | 'to'>): number {
  return r.to - r.from + 1;
}

/** What is wrong with a range definition (empty = fine). */
export function rangeProblems(r: Pick<VoucherRange, 'digits' | 'checkDigit' | 'from' | 'to'>): RangeProblem[] {
  const out: RangeProblem[] = [];
  const width = serialDigits(r);
  if (!Number.isInteger(r.digits) || r.digits < 2 || r.digits > 15) out.push({ path: 'digits', message: 'between 2 and 15' });
  const max = 10 ** Math.max(1, width) - 1;
  if (!Number.isSafeInteger(r.from) || r.from < 0 || r.from > max) out.push({ path: 'from', message: `a serial from 0 to ${max} (${width} digits)` });
  if (!Number.isSafeInteger(r.to) || r.to < 0 || r.to > max) out.push({ path: 'to', message: `a serial from 0 to ${max} (${width} digits)` });
  if (r.to < r.from) out.push({ path: 'to', message: 'must not be below from' });
  return out;
}

const permutations = new Map<string, Permutation>();

function permutationOf(r: VoucherRange): Permutation {
  const k = `${r.key}:${r.from}:${r.to}`;
  let p = permutations.get(k);
  if (!p) {
    p = keyedPermutation(rangeSize(r), r.key);
    permutations.set(k, p);
  }
  return p;
}

/** The serial drawn at index `i` (0 ≤ i < size). */
export function serialAt(r: VoucherRange, i: number): number {
  return r.from + (r.random ? permutationOf(r).at(i) : i);
}

/**
 * The draw index a code of this range was (or would be) drawn at, or null when the code is not
 * one of the range's: the inverse of `voucherCodeAt`, so a drawn voucher is found by its range
 * and index without an index on the code.
 */
export function drawIndexOf(r: VoucherRange, code: string): number | null {
  const c = checkVoucherCode(r, code);
  if (!c.ok) return null;
  const offset = c.serial - r.from;
  return r.random ? permutationOf(r).indexOf(offset) : offset;
}

/** The voucher code at draw index `i`. */
export function voucherCodeAt(r: VoucherRange, i: number): string {
  const serial = String(serialAt(r, i)).padStart(serialDigits(r), '0');
  return r.checkDigit ? serial + String(checkDigit(r.checkScheme, serial)) : serial;
}

export type CodeCheck = { ok: true; serial: number } | { ok: false; reason: 'format' | 'check_digit' | 'outside_range' };

/** VOUCH-3: format and check digit first, then whether the serial lies in the range. */
export function checkVoucherCode(r: VoucherRange, code: string): CodeCheck {
  if (code.length !== r.digits || !/^\d+$/.test(code)) return { ok: false, reason: 'format' };
  if (r.checkDigit && !checkDigitValid(r.checkScheme, code)) return { ok: false, reason: 'check_digit' };
  const serial = Number(r.checkDigit ? code.slice(0, -1) : code);
  if (serial < r.from || serial > r.to) return { ok: false, reason: 'outside_range' };
  return { ok: true, serial };
}
