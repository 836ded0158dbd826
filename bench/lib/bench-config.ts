import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';

/** The store config every bench uses; the tests' engine fixture uses it too (owned here so bench/ never imports tests/). */
export const BENCH_CONFIG_YAML = `
store: { id: test-store, name: Bench Shop, timeZone: Europe/Tallinn, currency: EUR }
api:
  tokens:
    - { name: till-1, scope: till, token: till-token-0123456789 }
    - { name: office, scope: admin, token: admin-token-0123456789 }
database: { path: ./unused.db }
cardSchemes:
  - { id: loyalty, prefix: "6009", length: 16, luhn: true }
  - { id: plain, prefix: "77", length: 8, luhn: false }
cardDefaults: { scheme: loyalty, type: discount }
search: { tillMinLength: 4, maxResults: 500 }
`;

export function benchConfig(): Config {
  return parseConfig(BENCH_CONFIG_YAML, 'bench.yaml');
}
