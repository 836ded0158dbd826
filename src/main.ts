import { serve, type ServerType } from '@hono/node-server';
import cron from 'node-cron';
import { systemClock } from './common/clock.js';
import { createLogger, type Logger } from './common/logger.js';
import type { Config } from './config/schema.js';
import { createApp } from './api/app.js';
import { deviceApiRoutes } from './api/printers.js';
import { AppError } from './common/errors.js';
import { createDeviceHub } from './drivers/hub.js';
import { cardView } from './engine/card-view.js';
import { SqlPrintJournal } from './engine/store/print-job-journal.js';
import type { EngineContext } from './engine/context.js';
import { masterSnapshot } from './engine/catalog-cache.js';
import { recomputeTiers } from './engine/tiers.js';
import { openStore, type Store } from './engine/store/store.js';
import { sdNotify, startWatchdog } from './systemd-notify.js';
import { VERSION } from './version.js';

export interface DaemonOptions {
  /** Overrides config api.port (0 = any free port, for tests). */
  port?: number;
  logger?: Logger;
}

export interface Daemon {
  readonly port: number;
  stop(reason?: string): Promise<void>;
}

const KEEP_IDEMPOTENCY_DAYS = 8; // API.md promises at least 7

/** Composition root: open the store, build the engine context and the API, listen, schedule jobs. */
export async function startDaemon(config: Config, opts: DaemonOptions = {}): Promise<Daemon> {
  const logger = opts.logger ?? createLogger({ level: config.logging.level });
  const store: Store = openStore(config.database.path, config.store.id);
  const ctx: EngineContext = { store, clock: systemClock, logger, config };
  // GW-2: a card read on any reader is resolved to the customer card it belongs to (drivers
  // never import the engine; this is where the two meet). Unknown or bad numbers resolve to null.
  const hub = createDeviceHub({
    devices: config.devices,
    cardSchemes: config.cardSchemes,
    logger: logger.child({ component: 'devices' }),
    journal: new SqlPrintJournal(store.db),
    resolveCard: (number) => {
      try {
        return cardView(ctx, number);
      } catch (e) {
        if (e instanceof AppError) return null;
        throw e;
      }
    },
  });
  await hub.start();
  const app = createApp({
    ctx, api: config.api, logger, version: VERSION, startedAt: new Date(),
    health: { devices: () => hub.summary() },
    extraRoutes: deviceApiRoutes(hub),
  });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.api.listen, port: opts.port ?? config.api.port }, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? config.api.port);

  const jobs = [
    cron.schedule('17 3 * * *', () => {
      const before = new Date(Date.now() - KEEP_IDEMPOTENCY_DAYS * 86_400_000).toISOString();
      const n = store.db.tx(() => store.idempotency.purgeBefore(before));
      logger.info({ purged: n }, 'idempotency keys purged');
    }, { timezone: config.store.timeZone }),
    // CARD-10 batch mode: recompute every customer's tier nightly (chunked; tills keep going).
    cron.schedule('30 2 * * *', async () => {
      if (masterSnapshot(ctx).tiers?.mode !== 'batch') return;
      const r = await recomputeTiers(ctx);
      logger.info(r, 'tiers recomputed');
    }, { timezone: config.store.timeZone }),
  ];
  const stopWatchdog = startWatchdog();
  logger.info({ port, listen: config.api.listen, db: config.database.path, version: VERSION, store: config.store.id }, 'tillgate listening');
  sdNotify('READY=1');

  let stopping: Promise<void> | null = null;
  return {
    port,
    stop(reason = 'stop') {
      stopping ??= (async () => {
        logger.info({ reason }, 'stopping');
        sdNotify('STOPPING=1');
        stopWatchdog();
        for (const j of jobs) await j.stop();
        // Stop accepting, let requests in flight finish, then close the database.
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await hub.stop();
        store.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
