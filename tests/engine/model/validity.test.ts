import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/common/clock.js';
import { withinValidity } from '../../../src/engine/model/validity.js';
import { TZ } from './builders.js';

const at = (iso: string) => localTime(new Date(iso), TZ);

describe('validity (CARD-4)', () => {
  it('CARD-4: no restriction admits every moment', () => {
    expect(withinValidity({}, at('2026-11-23T10:00:00Z'))).toBe(true);
    expect(withinValidity({ weekdays: [] }, at('2026-11-23T10:00:00Z'))).toBe(true);
  });

  it('CARD-4: date range is inclusive on both ends, in store-local dates', () => {
    const v = { from: '2026-11-23', to: '2026-11-30' };
    expect(withinValidity(v, at('2026-11-22T21:59:00Z'))).toBe(false); // 23:59 on the 22nd in Tallinn
    expect(withinValidity(v, at('2026-11-22T22:00:00Z'))).toBe(true); // 00:00 on the 23rd in Tallinn
    expect(withinValidity(v, at('2026-11-30T21:59:00Z'))).toBe(true);
    expect(withinValidity(v, at('2026-11-30T22:00:00Z'))).toBe(false);
  });

  it('CARD-4: weekdays are ISO (1 = Monday) and follow the store-local day', () => {
    const mondays = { weekdays: [1] };
    expect(withinValidity(mondays, at('2026-11-23T10:00:00Z'))).toBe(true); // Monday
    expect(withinValidity(mondays, at('2026-11-22T22:30:00Z'))).toBe(true); // Sunday in UTC, Monday 00:30 in Tallinn
    expect(withinValidity(mondays, at('2026-11-23T22:30:00Z'))).toBe(false); // Tuesday 00:30 in Tallinn
    expect(withinValidity({ weekdays: [7] }, at('2026-11-22T10:00:00Z'))).toBe(true); // Sunday
  });

  it('CARD-4: daily time window includes its start and excludes its end', () => {
    const v = { timeFrom: '10:00', timeTo: '14:00' };
    expect(withinValidity(v, at('2026-11-23T07:59:00Z'))).toBe(false); // 09:59 local
    expect(withinValidity(v, at('2026-11-23T08:00:00Z'))).toBe(true); // 10:00
    expect(withinValidity(v, at('2026-11-23T11:59:59Z'))).toBe(true); // 13:59:59
    expect(withinValidity(v, at('2026-11-23T12:00:00Z'))).toBe(false); // 14:00
  });

  it('CARD-4: a window over midnight and one-sided windows', () => {
    const night = { timeFrom: '22:00', timeTo: '02:00' };
    expect(withinValidity(night, at('2026-11-23T21:30:00Z'))).toBe(true); // 23:30
    expect(withinValidity(night, at('2026-11-22T23:30:00Z'))).toBe(true); // 01:30
    expect(withinValidity(night, at('2026-11-23T10:00:00Z'))).toBe(false); // 12:00
    expect(withinValidity({ timeFrom: '18:00' }, at('2026-11-23T16:00:00Z'))).toBe(true); // 18:00
    expect(withinValidity({ timeTo: '09:00' }, at('2026-11-23T07:00:00Z'))).toBe(false); // 09:00
    expect(withinValidity({ timeFrom: '09:00', timeTo: '09:00' }, at('2026-11-23T20:00:00Z'))).toBe(true);
  });

  it('CARD-4: summer time moves the local window with the offset', () => {
    const v = { timeFrom: '10:00', timeTo: '11:00' };
    expect(withinValidity(v, at('2026-07-01T07:30:00Z'))).toBe(true); // EEST +03:00 → 10:30
    expect(withinValidity(v, at('2026-12-01T07:30:00Z'))).toBe(false); // EET +02:00 → 09:30
  });
});
