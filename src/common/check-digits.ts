/** Luhn (mod 10) check digits, used by card number schemes (CARD-2) and voucher ranges (VOUCH-3). */

/** The Luhn check digit to append to `payload` (digits only). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  let double = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether the last digit of `number` is its Luhn check digit. */
export function luhnValid(number: string): boolean {
  if (!/^\d{2,}$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === number.charCodeAt(number.length - 1) - 48;
}

/** Damm's quasigroup table (order 10, weakly totally anti-symmetric). */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm check digit of `payload` (digits only): catches every single-digit error and adjacent transposition. */
export function dammCheckDigit(payload: string): number {
  let interim = 0;
  for (let i = 0; i < payload.length; i++) interim = DAMM[interim]![payload.charCodeAt(i) - 48]!;
  return interim;
}

/** Whether `number` (payload + Damm digit) is valid: the whole string reduces to 0. */
export function dammValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && dammCheckDigit(number) === 0;
}

export type CheckScheme = 'luhn' | 'damm';

export function checkDigit(scheme: CheckScheme, payload: string): number {
  return scheme === 'damm' ? dammCheckDigit(payload) : luhnCheckDigit(payload);
}

export function checkDigitValid(scheme: CheckScheme, number: string): boolean {
  return scheme === 'damm' ? dammValid(number) : luhnValid(number);
}
