import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { warmUp } from '../../src/api/warm-up.js';
import { engineFixture, testConfig, type EngineFixture } from '../helpers/engine-fixture.js';

describe('GW-8: the app warms up before it listens', () => {
  let f: EngineFixture;
  afterEach(() => f.close());

  /** Rows of every table, to prove the warm-up writes nothing. */
  const counts = () =>
    (
      f.ctx.store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'").all() as {
        name: string;
      }[]
    ).map(({ name }) => [name, (f.ctx.store.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]);

  it('GW-8: one evaluation without a card goes through the whole app (200) and writes nothing', async () => {
    const config = testConfig();
    f = engineFixture(config);
    const app = createApp({ ctx: f.ctx, api: config.api, logger: f.ctx.logger, version: 'test', startedAt: new Date() });
    const before = counts();
    expect(await warmUp(app, config.api)).toBe(200);
    expect(counts()).toEqual(before);
  });

  it('GW-5, GW-8: with api.requireTokenOnLoopback it sends a configured token, so it is never a failed authentication', async () => {
    const config = testConfig('');
    const api = { ...config.api, requireTokenOnLoopback: true };
    f = engineFixture(config);
    const app = createApp({ ctx: f.ctx, api, logger: f.ctx.logger, version: 'test', startedAt: new Date() });
    expect(await warmUp(app, api)).toBe(200);
    expect(await warmUp(app, { ...api, tokens: [] })).toBeNull();
  });
});
