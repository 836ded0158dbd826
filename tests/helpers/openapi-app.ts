import { createApp, type App } from '../../src/api/app.js';
import { deviceApiRoutes } from '../../src/api/printers.js';
import { silentLogger } from '../../src/common/logger.js';
import { DeviceHub } from '../../src/drivers/hub.js';
import { storePrintJournal } from '../../src/bridges/print-journal.js';
import { engineFixture, testConfig } from './engine-fixture.js';

/**
 * The app with every route group the daemon registers (device, event and printer routes
 * included), for reading the complete OpenAPI document. The hub has no devices and is never
 * started: route definitions do not depend on it.
 */
export function fullApp(): { app: App; close: () => void } {
  const f = engineFixture();
  const hub = new DeviceHub({
    devices: [],
    cardSchemes: f.ctx.config.cardSchemes,
    logger: silentLogger(),
    journal: storePrintJournal(f.ctx.store.db),
    resolveCard: (n) => ({ number: n, type: 'discount' }),
  });
  const app = createApp({
    ctx: f.ctx,
    api: testConfig().api,
    logger: silentLogger(),
    version: 'test',
    startedAt: new Date(),
    extraRoutes: deviceApiRoutes(hub),
  });
  return { app, close: () => f.close() };
}
