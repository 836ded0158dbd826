import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammCheckDigit, dammValid, luhnCheckDigit, luhnValid } from '../../../src/common/check-digits.js';
import { keyedPermutation } from '../../../src/engine/model/keyed-permutation.js';
import { checkVoucherCode, drawIndexOf, rangeProblems, rangeSize, voucherCodeAt, type VoucherRange } from '../../../src/engine/model/voucher-numbering.js';

const range = (o: Partial<VoucherRange> = {}): VoucherRange => ({
  id: 'r',
  code: 'R',
  description: '',
  digits: 6,
  from: 0,
  to: 999_999,
  random: false,
  checkDigit: false,
  checkScheme: 'luhn',
  active: true,
  key: 12345,
  ...o,
});

describe('voucher numbering', () => {
  it('VOUCH-2: a keyed permutation is a bijection of [0, size) (full enumeration of small sizes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (size, key) => {
        const p = keyedPermutation(size, key);
        const seen = new Set<number>();
        for (let i = 0; i < size; i++) {
          const v = p.at(i);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(size);
          seen.add(v);
        }
        expect(seen.size).toBe(size);
      }),
      { numRuns: 30 },
    );
  });

  it('VOUCH-2: indexOf inverts the keyed permutation, so a drawn code leads back to its draw index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (size, key, f) => {
          const p = keyedPermutation(size, key);
          const i = Math.min(size - 1, Math.floor(f * size));
          expect(p.indexOf(p.at(i))).toBe(i);
        },
      ),
      { numRuns: 300 },
    );
    const r = range({ digits: 9, from: 10_000_000, to: 99_999_999, random: true, checkDigit: true, key: 4242 });
    for (const i of [0, 1, 77, 12_345, 89_999_999]) expect(drawIndexOf(r, voucherCodeAt(r, i))).toBe(i);
    expect(drawIndexOf(range({ from: 100 }), '000141')).toBe(41);
    expect(drawIndexOf(r, '123')).toBeNull();
  });

  it('VOUCH-2: random draws from an 8-digit range never repeat, stay inside it and are not consecutive', () => {
    const r = range({ digits: 9, from: 10_000_000, to: 99_999_999, random: true, checkDigit: true, key: 777 });
    const codes = new Set<string>();
    let consecutive = 0;
    let prev = -1;
    for (let i = 0; i < 50_000; i++) {
      const code = voucherCodeAt(r, i);
      const chk = checkVoucherCode(r, code);
      expect(chk.ok).toBe(true);
      if (chk.ok && chk.serial === prev + 1) consecutive++;
      if (chk.ok) prev = chk.serial;
      codes.add(code);
    }
    expect(codes.size).toBe(50_000);
    expect(consecutive).toBeLessThan(10);
  });

  it('VOUCH-2: sequential ranges number from + index, so a persisted next index continues after a restart', () => {
    const r = range({ digits: 6, from: 100, to: 999_999 });
    expect([0, 1, 2].map((i) => voucherCodeAt(r, i))).toEqual(['000100', '000101', '000102']);
    expect(voucherCodeAt(r, 41)).toBe('000141');
    expect(rangeSize(r)).toBe(999_900);
  });

  it('VOUCH-3: with a check digit the last digit is the check digit and counts within the digit count', () => {
    const r = range({ digits: 5, from: 0, to: 9999, checkDigit: true });
    const code = voucherCodeAt(r, 1234);
    expect(code).toHaveLength(5);
    expect(code.slice(0, 4)).toBe('1234');
    expect(luhnValid(code)).toBe(true);
    expect(rangeProblems({ digits: 5, checkDigit: true, from: 0, to: 99_999 })).toEqual([{ path: 'to', message: 'a serial from 0 to 9999 (4 digits)' }]);
    const damm = range({ digits: 5, from: 0, to: 9999, checkDigit: true, checkScheme: 'damm' });
    expect(dammValid(voucherCodeAt(damm, 1234))).toBe(true);
  });

  it('VOUCH-3: validation checks format, then check digit, then the range', () => {
    const r = range({ digits: 7, from: 1000, to: 500_000, checkDigit: true, checkScheme: 'damm' });
    const good = voucherCodeAt(r, 5);
    expect(checkVoucherCode(r, good)).toEqual({ ok: true, serial: 1005 });
    expect(checkVoucherCode(r, good.slice(1))).toEqual({ ok: false, reason: 'format' });
    const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    expect(checkVoucherCode(r, bad)).toEqual({ ok: false, reason: 'check_digit' });
    const outside = '000001';
    expect(checkVoucherCode(r, outside + String(dammCheckDigit(outside)))).toEqual({ ok: false, reason: 'outside_range' });
  });

  it('VOUCH-3: Luhn and Damm catch every single-digit error; Damm catches every adjacent transposition', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{3,14}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, pos, delta) => {
        for (const [make, valid] of [
          [luhnCheckDigit, luhnValid],
          [dammCheckDigit, dammValid],
        ] as const) {
          const code = payload + String(make(payload));
          expect(valid(code)).toBe(true);
          const i = pos % code.length;
          const wrong = code.slice(0, i) + String((Number(code[i]) + delta) % 10) + code.slice(i + 1);
          expect(valid(wrong)).toBe(false);
        }
        const code = payload + String(dammCheckDigit(payload));
        const i = pos % (code.length - 1);
        if (code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(dammValid(swapped)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
