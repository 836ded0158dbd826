import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

/**
 * docs/api.md's examples are executed in order against a fresh store, so the integrator's guide
 * shows what the daemon really answers. A request block is ```http example=NAME (request line,
 * headers, blank line, JSON body); the ```json status=NNN block after it is the expected status
 * and a subset of the answer. `{{name.field}}` is replaced by a field of an earlier answer.
 */
interface Example {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  status: number;
  expected: string;
}

function parseExamples(markdown: string): Example[] {
  const re = /```http example=(\w+)\n([\s\S]*?)```\s*```json status=(\d{3})\n([\s\S]*?)```/g;
  const out: Example[] = [];
  for (const m of markdown.matchAll(re)) {
    const [, name = '', request = '', status = '', expected = ''] = m;
    const [head = '', ...rest] = request.split(/\n\n/);
    const [requestLine = '', ...headerLines] = head.split('\n');
    const [method = '', path = ''] = requestLine.split(' ');
    const headers: Record<string, string> = {};
    for (const h of headerLines.filter((l) => l.trim() !== '')) {
      const i = h.indexOf(':');
      headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
    }
    const body = rest.join('\n\n').trim() || undefined;
    out.push({ name, method, path, headers, body, status: Number(status), expected });
  }
  return out;
}

describe('docs/api.md examples run as written', () => {
  const examples = parseExamples(readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8'));
  const answers: Record<string, Record<string, unknown>> = {};
  let f: ApiFixture;
  const fill = (s: string) =>
    s.replace(/\{\{(\w+)\.(\w+)\}\}/g, (_, name: string, field: string) => {
      const v = answers[name]?.[field];
      if (v === undefined) throw new Error(`{{${name}.${field}}} is not in an earlier answer`);
      return String(v);
    });

  beforeAll(() => {
    f = apiFixture();
    f.clock.set('2026-11-23T08:15:00Z'); // 10:15 in Tallinn, as the guide says
  });
  afterAll(() => f.close());

  it('the guide has examples', () => {
    expect(examples.length).toBeGreaterThan(8);
  });

  for (const ex of examples) {
    it(`${ex.name}: ${ex.method} ${ex.path} → ${ex.status}`, async () => {
      const body = ex.body === undefined ? undefined : fill(ex.body);
      const headers = { ...ex.headers, ...(body !== undefined || ex.method !== 'GET' ? { 'content-type': 'application/json' } : {}) };
      const res = await f.json(ex.method, fill(ex.path), { rawBody: body ?? (ex.method === 'GET' ? undefined : '{}'), headers });
      expect(res.status, JSON.stringify(res.body)).toBe(ex.status);
      expect(res.body).toMatchObject(JSON.parse(fill(ex.expected)) as Record<string, unknown>);
      answers[ex.name] = (res.body ?? {}) as Record<string, unknown>;
    });
  }
});
