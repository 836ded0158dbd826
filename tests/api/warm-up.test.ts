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

  it('GW-8, GW-7: one evaluation without a card goes through the whole app (200), writes nothing and is not counted in /metrics', async () => {
    const config = testConfig();
    f = engineFixture(config);
    const app = createApp({ ctx: f.ctx, api: config.api, logger: f.ctx.logger, version: 'test', startedAt: new Date() });
    const before = counts();
    expect(await warmUp(app, config.api)).toBe(200);
    expect(counts()).toEqual(before);
    const metrics = await (await app.request('/metrics', { headers: { host: '127.0.0.1' } }, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })).text();
    expect(metrics).toMatch(/^tillgate_evaluate_duration_seconds_count 0$/m);
    expect(metrics).not.toContain('route="/v1/baskets/evaluate"');
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
