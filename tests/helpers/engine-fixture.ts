import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_CONFIG_YAML } from '../../bench/lib/bench-config.js';
import { fixedClock } from '../../src/common/clock.js';
import { silentLogger } from '../../src/common/logger.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { EngineContext } from '../../src/engine/context.js';
import { openStore } from '../../src/engine/store/store.js';

/** The store config of the engine tests: the one the benches use (bench/lib owns it, bench/ never imports tests/). */
export const TEST_CONFIG_YAML = BENCH_CONFIG_YAML;

export function testConfig(extra = ''): Config {
  return parseConfig(TEST_CONFIG_YAML + extra, 'test.yaml');
}

export interface EngineFixture {
  ctx: EngineContext;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  dbPath: string;
  close(): void;
}

/** A real libSQL file in a fresh temp dir, migrated, with a fixed clock. */
export function engineFixture(config: Config = testConfig(), at = '2026-11-22T10:00:00Z'): EngineFixture {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-'));
  const dbPath = join(dir, 'store.db');
  const store = openStore(dbPath, config.store.id);
  const clock = fixedClock(at);
  const ctx: EngineContext = { store, clock, logger: silentLogger(), config: { ...config, database: { ...config.database, path: dbPath } } };
  return {
    ctx,
    clock,
    dir,
    dbPath,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
