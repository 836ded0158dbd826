import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configKeys, configReferenceTable } from '../../src/config/config-reference.js';

describe('configuration reference (GW-4)', () => {
  it('GW-4: every config key has a description in the JSON Schema editors show', () => {
    expect(
      configKeys()
        .filter((k) => !k.description)
        .map((k) => k.path),
    ).toEqual([]);
  });

  it('GW-4: docs/configuration.md lists every config key (npm run gen:schema writes the table)', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(doc).toContain(configReferenceTable());
  });
});
