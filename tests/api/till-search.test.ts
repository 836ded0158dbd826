import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { customerList } from '../../src/api/schemas/customer-views.js';

type Hit = Record<string, unknown> & { id: string };

describe('API: till search finds what staff type (issue 12 item 3)', () => {
  let f: ApiFixture;
  let jean: string;
  let marie: string;
  beforeEach(async () => {
    f = apiFixture();
    const photo = 'data:image/jpeg;base64,' + 'A'.repeat(150_000);
    jean = (
      await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Jean', lastName: 'Dupont', phone: '06 12 34 56 78', photo } })
    ).body.id;
    marie = (
      await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Marie', lastName: 'Curie', phone: '06 12 38 83 28' } })
    ).body.id;
    await f.json('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Paul', lastName: 'Jeanson', phone: '+33 7 00 00 00 01' } });
  });
  afterEach(() => f.close());

  const search = async (q: string) => (await f.json<{ items: Hit[] }>('GET', `/v1/customers?q=${encodeURIComponent(q)}`)).body.items;

  it('CUST-5: phone numbers match by their digits whatever the spacing or punctuation', async () => {
    expect((await search('0612')).map((h) => h.id).sort()).toEqual([jean, marie].sort());
    expect((await search('1238832')).map((h) => h.id)).toEqual([marie]);
    expect((await search('06 12 34')).map((h) => h.id)).toEqual([jean]);
    expect((await search('06-12-38-83')).map((h) => h.id)).toEqual([marie]);
    expect((await search('(06) 1234')).map((h) => h.id)).toEqual([jean]);
    // Digits still match where they are typed in other fields (an e-mail, say).
    const mail = (
      await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Zoe', lastName: 'Roy', email: 'zoe1975@example.fr' } })
    ).body.id;
    expect((await search('1975')).map((h) => h.id)).toEqual([mail]);
  });

  it('CUST-5: "Jean Dupont" and "Dupont Jean" find that person (every word, any order, any field)', async () => {
    expect((await search('Jean Dupont')).map((h) => h.id)).toEqual([jean]);
    expect((await search('Dupont Jean')).map((h) => h.id)).toEqual([jean]);
    expect((await search('dupont  JEAN')).map((h) => h.id)).toEqual([jean]);
    expect((await search('Jean')).length).toBe(2); // Jean Dupont and Paul Jeanson
    expect(await search('Jean Curie')).toEqual([]);
  });

  it('CUST-5: search results never embed photos, they say whether there is one', async () => {
    const res = await f.req('GET', '/v1/customers?q=0612');
    const text = await res.text();
    expect(text.length).toBeLessThan(5_000);
    const hits = (JSON.parse(text) as { items: Hit[] }).items;
    expect(hits.find((h) => h.id === jean)).toMatchObject({ hasPhoto: true });
    expect(hits.find((h) => h.id === marie)).toMatchObject({ hasPhoto: false });
    expect(hits.every((h) => !('photo' in h) || h.photo === null)).toBe(true);
    // The detail still has it.
    expect((await f.json<{ photo: string }>('GET', `/v1/customers/${jean}`)).body.photo.length).toBeGreaterThan(150_000);
  });

  it('CUST-5: a hit (JSON built by the store) is the customer as GET /v1/customers/{id} shows it, without the photo, plus hasPhoto', async () => {
    await f.json('PATCH', `/v1/customers/${marie}`, { body: { marketingAllowed: true, creditLimit: 5000, email: 'marie@curie.fr', city: 'Paris' } });
    const res = await f.req('GET', '/v1/customers?q=Marie');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { items: Hit[] };
    expect(customerList.strict().safeParse(body).success).toBe(true);
    const detail = (await f.json<Record<string, unknown>>('GET', `/v1/customers/${marie}`)).body;
    const hit = body.items.find((h) => h.id === marie)!;
    for (const [k, v] of Object.entries(hit)) if (k !== 'hasPhoto') expect([k, v]).toEqual([k, detail[k]]);
    expect(hit).toMatchObject({ marketingAllowed: true, emailReceipts: false, creditLimit: 5000, city: 'Paris', hasPhoto: false });
    expect(Object.keys(hit).sort()).toEqual([...Object.keys(detail).filter((k) => k in hit), 'hasPhoto'].sort());
  });
});
