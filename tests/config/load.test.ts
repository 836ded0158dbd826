import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.js';
import { configJsonSchemaText } from '../../src/config/json-schema.js';

function problems(text: string) {
  try {
    parseConfig(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('GW-4: the example config used by npm start is valid', () => {
    const cfg = loadConfig('config/tillgate.example.yaml');
    expect(cfg.api.listen).toBe('127.0.0.1');
    expect(cfg.api.port).toBe(8700);
    expect(cfg.search.tillMinLength).toBe(4);
    expect(cfg.database.path).toMatch(/data\/tillgate\.db$/);
  });

  it('GW-4: every problem is reported at once with line, column and field path', () => {
    const p = problems(
      [
        'store:',
        '  id: "bad id"',
        '  name: Shop',
        '  timeZone: Mars/Olympus',
        'api:',
        '  port: 99999',
        '  bogus: 1',
        'database: {}',
        'cardSchemes: []',
        'cardDefaults: { scheme: loyalty }',
      ].join('\n'),
    );
    const byPath = Object.fromEntries(p.map((x) => [x.path, x]));
    expect(byPath['store.id']).toMatchObject({ line: 2 });
    expect(byPath['store.timeZone']).toMatchObject({ line: 4, message: 'unknown IANA time zone' });
    expect(byPath['store.currency']).toMatchObject({ line: 2, message: expect.stringMatching(/expected string/) });
    expect(byPath['api.port']).toMatchObject({ line: 6, column: 9 });
    expect(byPath['api.bogus']).toMatchObject({ line: 7, message: 'unknown field' });
    expect(byPath['database.path']).toMatchObject({ line: 8 });
    expect(byPath['cardSchemes']).toMatchObject({ line: 9 });
    expect(p.length).toBeGreaterThanOrEqual(7);
  });

  it('GW-4: YAML syntax errors name the line', () => {
    const p = problems('store:\n  id: [unclosed\n');
    expect(p[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('GW-5: listening beyond loopback without tokens is refused', () => {
    const text = readFileSync('config/tillgate.example.yaml', 'utf8').replace('listen: 127.0.0.1', 'listen: 0.0.0.0');
    const p = problems(text);
    expect(p.map((x) => x.path)).toContain('api.tokens');
  });

  it('GW-4: config/tillgate.schema.json is up to date (npm run gen:schema)', () => {
    expect(readFileSync('config/tillgate.schema.json', 'utf8')).toBe(configJsonSchemaText());
  });
});
