import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { luhnValid } from '../../src/common/check-digits.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: vouchers (issue 4)', () => {
  let f: ApiFixture;
  let k = 0;
  const key = () => ({ 'idempotency-key': `v-${++k}` });
  let rangeId: string;

  beforeEach(async () => {
    f = apiFixture();
    const r = await f.json<{ id: string }>('POST', '/v1/admin/voucher-ranges', {
      body: { code: 'GIFT', description: 'Gift vouchers', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true },
    });
    expect(r.status).toBe(201);
    rangeId = r.body.id;
    await f.json('PUT', '/v1/admin/privileges/gift10', { body: { name: '10 € gift', pointsCost: 500, voucher: { value: 1000, validDays: 30, rangeId } } });
  });
  afterEach(() => f.close());

  it('VOUCH-1: a range has code, description, digits, from–to, random, checkDigit and active; it reports size and what is left', async () => {
    const list = await f.json<{ items: J[] }>('GET', '/v1/admin/voucher-ranges');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        code: 'GIFT',
        description: 'Gift vouchers',
        digits: 8,
        from: 0,
        to: 9_999_999,
        random: true,
        checkDigit: true,
        checkScheme: 'luhn',
        active: true,
        size: 10_000_000,
        remaining: 10_000_000,
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('key');
    const bad = await f.json('POST', '/v1/admin/voucher-ranges', { body: { code: 'X', digits: 5, from: 0, to: 99_999, checkDigit: true } });
    expect(bad.body).toMatchObject({ status: 400, errors: [{ path: 'to', message: 'a serial from 0 to 9999 (4 digits)' }] });
    const overlap = await f.json('POST', '/v1/admin/voucher-ranges', { body: { code: 'Y', digits: 8, from: 5_000_000, to: 5_000_100, checkDigit: true } });
    expect(overlap.body).toMatchObject({ status: 409, code: 'voucher_range_overlaps' });
  });

  it('VOUCH-4: issuing for a privilege linked to a range fills the number from the range', async () => {
    const v = await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'gift10' }, headers: key() });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ code: expect.stringMatching(/^\d{8}$/), status: 'issued', value: 1000, privilege: { id: 'gift10', name: '10 € gift' } });
    expect(luhnValid(v.body.code)).toBe(true);
    expect((await f.json('GET', `/v1/vouchers/${v.body.code}`)).body).toMatchObject({ status: 'issued', value: 1000 });
  });

  it('VOUCH-3: a code with a bad check digit is 422 before any lookup; an unknown good one is 404', async () => {
    const v = (await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'gift10' }, headers: key() })).body.code;
    const bad = v.slice(0, -1) + String((Number(v.at(-1)) + 1) % 10);
    expect((await f.json('GET', `/v1/vouchers/${bad}`)).body).toMatchObject({ status: 422, code: 'check_digit_invalid' });
    expect((await f.json('GET', '/v1/vouchers/00000000')).body).toMatchObject({ status: 404, code: 'voucher_not_found' });
  });

  it('VOUCH-7: a voucher is redeemed once; a retry with the same key replays, another redemption is voucher_already_redeemed', async () => {
    const code = (await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'gift10' }, headers: key() })).body.code;
    const h = key();
    const first = await f.json('POST', `/v1/vouchers/${code}/redeem`, { body: {}, headers: h });
    expect(first.body).toMatchObject({ status: 'redeemed' });
    expect((await f.json('POST', `/v1/vouchers/${code}/redeem`, { body: {}, headers: h })).body).toEqual(first.body);
    expect((await f.json('POST', `/v1/vouchers/${code}/redeem`, { body: {}, headers: key() })).body).toMatchObject({
      status: 409,
      code: 'voucher_already_redeemed',
    });
  });

  it('VOUCH-7: concurrent redemptions of one voucher through the API succeed exactly once', async () => {
    const code = (await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'gift10' }, headers: key() })).body.code;
    const results = await Promise.all(Array.from({ length: 20 }, () => f.json('POST', `/v1/vouchers/${code}/redeem`, { body: {}, headers: key() })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('VOUCH-7: an expired voucher is refused', async () => {
    const code = (await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'gift10' }, headers: key() })).body.code;
    f.clock.set('2027-01-30T10:00:00Z');
    expect((await f.json('GET', `/v1/vouchers/${code}`)).body).toMatchObject({ status: 'expired' });
    expect((await f.json('POST', `/v1/vouchers/${code}/redeem`, { body: {}, headers: key() })).body).toMatchObject({ status: 422, code: 'voucher_expired' });
  });

  it('VOUCH-7: vouchers pay at the till in the receipt transaction; a refused receipt leaves the voucher unredeemed', async () => {
    const code = (await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'gift10' }, headers: key() })).body.code;
    const receipt = (payments: J[], receiptNo: string) =>
      f.json<J>('POST', '/v1/receipts', {
        body: { tillId: 't', receiptNo, at: '2026-11-22T12:00:00+02:00', lines: [{ sku: 'A', qty: 1, unitPrice: 1500 }], payments },
        headers: key(),
      });
    expect(
      (
        await receipt(
          [
            { method: 'voucher', amount: 1200, voucherCode: code },
            { method: 'cash', amount: 300 },
          ],
          '1',
        )
      ).body,
    ).toMatchObject({ code: 'voucher_amount_exceeds_value', errors: [{ path: 'payments.0.amount' }] });
    expect((await f.json('GET', `/v1/vouchers/${code}`)).body).toMatchObject({ status: 'issued' });
    const ok = await receipt(
      [
        { method: 'voucher', amount: 1000, voucherCode: code },
        { method: 'cash', amount: 500 },
      ],
      '2',
    );
    expect(ok.status).toBe(201);
    expect((await f.json('GET', `/v1/vouchers/${code}`)).body).toMatchObject({ status: 'redeemed', receiptId: ok.body.receiptId });
    expect(
      (
        await receipt(
          [
            { method: 'voucher', amount: 1000, voucherCode: code },
            { method: 'cash', amount: 500 },
          ],
          '3',
        )
      ).body,
    ).toMatchObject({ code: 'voucher_already_redeemed', errors: [{ path: 'payments.0.voucherCode' }] });
  });

  it('VOUCH-5: when a bonus card reaches a rule threshold at receipt close, points are spent and the voucher is issued in the same transaction', async () => {
    await f.json('PUT', '/v1/admin/discounts/b10', { body: { name: 'Bonus 10 %', percent: 1000, covers: { all: true } } });
    await f.json('PUT', '/v1/admin/redemption-rules/r500', { body: { privilegeId: 'gift10', pointsAtLeast: 500 } });
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'B', lastName: 'C', phone: '+372 5000 0005' } })).body
      .id;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${c}/cards`, { body: { type: 'bonus', discounts: [{ discountId: 'b10' }] } })).body
      .number;
    const sale = (price: number, no: string) =>
      f.json<J>('POST', '/v1/receipts', {
        body: {
          tillId: 't',
          receiptNo: no,
          at: '2026-11-22T12:00:00+02:00',
          card,
          lines: [{ sku: 'A', qty: 1, unitPrice: price }],
          payments: [{ method: 'cash', amount: price }],
        },
        headers: key(),
      });
    expect((await sale(3000, 'a')).body).toMatchObject({ bonusEarned: 300, vouchersIssued: [] });
    const r = await sale(3000, 'b');
    expect(r.body).toMatchObject({
      bonusEarned: 300,
      balances: { bonus: 100 },
      vouchersIssued: [{ code: expect.stringMatching(/^\d{8}$/), privilege: '10 € gift', value: 1000 }],
    });
    const code = (r.body.vouchersIssued as { code: string }[])[0]!.code;
    expect((await f.json('GET', `/v1/vouchers/${code}`)).body).toMatchObject({ status: 'issued', customerId: c });
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('VOUCH-6, GW-5: a campaign creates N vouchers in chunks; it answers the first page of codes, the rest page by cursor as JSON or CSV; a retry does not double it', async () => {
    const h = key();
    type Page = { campaignId: string; codes: string[]; count: number; nextCursor: string | null };
    const r = await f.json<Page>('POST', '/v1/admin/voucher-campaigns', { body: { rangeId, privilegeId: 'gift10', count: 1200 }, headers: h });
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(1200);
    expect(r.body.codes).toHaveLength(100);
    expect(r.body.nextCursor).toEqual(expect.any(String));
    const all: string[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: { body: Page } = await f.json<Page>('GET', `/v1/admin/voucher-campaigns/${r.body.campaignId}/codes?limit=500&cursor=${cursor}`);
      all.push(...page.body.codes);
      cursor = page.body.nextCursor;
    }
    expect(all).toHaveLength(1200);
    expect(new Set(all).size).toBe(1200);
    expect(all.slice(0, 100)).toEqual(r.body.codes);
    const again = await f.json<Page>('POST', '/v1/admin/voucher-campaigns', { body: { rangeId, privilegeId: 'gift10', count: 1200 }, headers: h });
    expect(again.body.codes).toEqual(r.body.codes);
    const csvCodes: string[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const csv = await f.req('GET', `/v1/admin/voucher-campaigns/${r.body.campaignId}/codes?limit=1000&cursor=${cursor}`, { headers: { accept: 'text/csv' } });
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toBe('code');
      csvCodes.push(...lines.slice(1));
      cursor = csv.headers.get('x-next-cursor');
    }
    expect(csvCodes).toEqual(all);
    expect((await f.json<{ items: J[] }>('GET', '/v1/admin/voucher-ranges')).body.items[0]).toMatchObject({ remaining: 10_000_000 - 1200 });
  });

  it('VOUCH-2: a used-up range says so; a sequential range continues after the last number issued', async () => {
    const small = (await f.json<{ id: string }>('POST', '/v1/admin/voucher-ranges', { body: { code: 'SMALL', digits: 4, from: 10, to: 12 } })).body.id;
    await f.json('PUT', '/v1/admin/privileges/coffee', { body: { name: 'Coffee', voucher: { percent: 10000, validDays: 7, rangeId: small } } });
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await f.json<{ code: string }>('POST', '/v1/vouchers', { body: { privilegeId: 'coffee' }, headers: key() })).body.code);
    expect(codes).toEqual(['0010', '0011', '0012']);
    expect((await f.json('POST', '/v1/vouchers', { body: { privilegeId: 'coffee' }, headers: key() })).body).toMatchObject({
      status: 409,
      code: 'voucher_range_exhausted',
    });
  });
});
