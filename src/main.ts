import type { ServerType } from '@hono/node-server';
import { systemClock } from './common/clock.js';
import { createLogger, type Logger } from './common/logger.js';
import type { Config } from './config/schema.js';
import { ApiMetrics } from './api/metrics.js';
import { createApp } from './api/app.js';
import { deviceApiRoutes } from './api/printers.js';
import { EventLog } from './common/event-log.js';
import { createDeviceHub, type DeviceHub } from './drivers/hub.js';
import { cardReadResolver } from './bridges/card-reads.js';
import { storePrintJournal } from './bridges/print-journal.js';
import type { EngineContext } from './engine/context.js';
import type { Store } from './engine/store/store.js';
import { openCheckedStore } from './engine/store/identity.js';
import { masterSnapshot } from './engine/receipts/catalog-cache.js';
import { warmUp } from './api/warm-up.js';
import { acquireInstanceLock } from './engine/store/instance-lock.js';
import { closeServer, listen } from './listen.js';
import { component, startAll, type Component } from './components.js';
import { scheduleJobs, type ScheduledJobs } from './scheduled-jobs.js';
import { numberBlocksNeeded } from './engine/numbering/leased-numbers.js';
import { SyncClient } from './sync/sync-client.js';
import { storeSyncTarget } from './sync/store-target.js';
import { sdNotify, startWatchdog } from './systemd-notify.js';
import { VERSION } from './version.js';
import { adminConfigRoutes } from './api/admin-config.js';
import { ConfigReloader, type ReloadOutcome } from './config-reload.js';
import type { App } from './api/app.js';
import { AppError } from './common/errors.js';

export interface DaemonOptions {
  /** Overrides config api.port (0 = any free port, for tests). */
  port?: number;
  logger?: Logger;
  /** `tillgate start --init`: start with an empty database although `<db>.identity` recorded one. */
  init?: boolean;
  /** The file `config` was read from: the console shows a check of it (GET /v1/admin/config); SIGHUP and POST /v1/admin/config/reload re-read it (GW-4). */
  configFile?: string;
}

export interface Daemon {
  readonly port: number;
  stop(reason?: string): Promise<void>;
  /** Re-read the config file and apply what can change live (GW-4); one at a time. */
  reload(): Promise<ReloadOutcome>;
}

const STORAGE_PROBE_MS = 5000;
/** How long requests in flight (and SSE / long-poll streams) get on shutdown before their connections are closed. */
const IN_FLIGHT_GRACE_MS = 3000;

/** What the components have started, for the components after them. */
interface Live {
  lock?: { release(): void };
  store?: Store;
  storageProbe?: NodeJS.Timeout;
  sync?: SyncClient;
  ctx?: EngineContext;
  hub?: DeviceHub;
  server?: ServerType;
  /** The HTTP app in force (a config reload builds a new one). */
  app?: App;
  jobs?: ScheduledJobs;
  stopWatchdog?: () => void;
}

function need<K extends keyof Live>(live: Live, k: K): NonNullable<Live[K]> {
  const v = live[k];
  if (v === undefined) throw new Error(`${k} is not started`);
  return v as NonNullable<Live[K]>;
}

/**
 * Composition root: the daemon is an ordered list of components (src/components.ts) — lock,
 * store, devices, HTTP server, sync, jobs, watchdog — started in order, stopped in reverse
 * (also when one fails to start).
 */
export async function startDaemon(config: Config, opts: DaemonOptions = {}): Promise<Daemon> {
  const logger = opts.logger ?? createLogger({ level: config.logging.level });
  // Aborted first on shutdown: long work stops between chunks with its progress committed (item 14).
  const stopController = new AbortController();
  const live: Live = {};
  // The config in force: replaced as a whole by a reload, never edited in place.
  let current = config;
  const reloader = new ConfigReloader({
    file: opts.configFile ?? '',
    current: () => current,
    logger,
    // GW-4: what can change live changes here; planReload kept what needs a restart as it was.
    apply: async (inForce) => {
      if (stopController.signal.aborted) throw new AppError('shutting_down', 'the daemon is stopping; the config was not reloaded');
      // A new context and a new app, swapped in one assignment each: a request in flight keeps
      // the app (and so the config, tokens, Host/Origin rules) it started with, start to end.
      const ctx: EngineContext = { ...need(live, 'ctx'), config: inForce };
      const app = buildApp(ctx, inForce);
      await warmUp(app, inForce.api); // the new app's first till request is not the slow one either
      const devices = await need(live, 'hub').reconfigure(inForce.devices, inForce.cardSchemes);
      logger.level = inForce.logging.level;
      live.app = app;
      live.ctx = ctx;
      live.jobs?.reschedule(ctx, inForce);
      current = inForce;
      return devices;
    },
  });
  const startedAt = new Date();
  let extraRoutes: ((app: App) => void)[] | undefined;
  let metrics: ApiMetrics | undefined;
  const buildApp = (ctx: EngineContext, cfg: Config): App => {
    const hub = need(live, 'hub');
    const sync = live.sync;
    const health = { devices: () => hub.summary(), ...(sync ? { sync: () => sync.status() } : {}) };
    // Made once and shared by every app a reload builds: the device routes hold the preview
    // worker, the metrics their counts and their subscription to the device events.
    extraRoutes ??= [...deviceApiRoutes(hub), adminConfigRoutes(() => reloader.reload())];
    metrics ??= new ApiMetrics({ ctx, health, version: VERSION }, { devices: () => hub.list(), deviceEvents: hub.events });
    return createApp({
      ctx,
      api: cfg.api,
      logger,
      version: VERSION,
      startedAt,
      health,
      extraRoutes,
      metrics,
      ...(opts.configFile ? { configFile: opts.configFile } : {}),
    });
  };
  const components: Component[] = [
    // One daemon per database: a second one exits 75 naming the holder (issue 9 item 12).
    component(
      'lock',
      () => void (live.lock = acquireInstanceLock(config.database.path)),
      () => live.lock?.release(),
    ),
    component(
      'store',
      () => {
        // Identity and quick_check before anything else (issue 9 item 11).
        const store = openCheckedStore(config.database.path, config.store.id, {
          init: opts.init,
          cachedRows: config.database.cachedRows,
          onStorageFault: (fault) => {
            if (fault) logger.error({ fault }, 'the database cannot be written; writes answer 503 storage_unavailable');
            else logger.info('the database can be written again');
          },
        });
        live.store = store;
        // While writes fail for a storage reason, a tiny write every few seconds notices when the
        // fault clears (disk space freed, file writable again) even if no till writes (item 10).
        live.storageProbe = setInterval(() => store.db.probeStorage(), STORAGE_PROBE_MS);
        live.storageProbe.unref();
        // GW-6: the sync client when a central is configured; a standalone store has none (never offline).
        if (config.central) {
          live.sync = new SyncClient({
            storeId: config.store.id,
            central: config.central,
            offlineAfterS: config.offline.afterS,
            // SYNC-6: leases number blocks when numberBlocksNeeded says so.
            target: storeSyncTarget(store, store.pulled, store.numberBlocks, () => numberBlocksNeeded(need(live, 'ctx'))),
            logger: logger.child({ component: 'sync' }),
          });
        }
        const sync = live.sync;
        live.ctx = {
          store,
          clock: systemClock,
          logger,
          config,
          stopSignal: stopController.signal,
          ...(sync ? { connectivity: sync, onNumberBlocksNeeded: () => sync.onNumberBlocksNeeded() } : {}),
        };
        // GW-8: master data compiled now, before the server listens, so the first evaluation is as
        // fast as the rest (later writes recompile only the records they change).
        masterSnapshot(live.ctx);
      },
      () => {
        clearInterval(live.storageProbe);
        live.store?.close();
      },
    ),
    component(
      'devices',
      async () => {
        const store = need(live, 'store');
        live.hub = createDeviceHub({
          devices: config.devices,
          cardSchemes: config.cardSchemes,
          logger: logger.child({ component: 'devices' }),
          journal: storePrintJournal(store.db),
          // GW-2: event ids stay monotonic across restarts (high-water mark in the counters table).
          events: new EventLog(1000, undefined, {
            load: () => store.counters.value('device_event_seq'),
            save: (n) => store.counters.set('device_event_seq', n),
          }),
          // Through live.ctx, so card reads see the config in force after a reload.
          resolveCard: (n) => cardReadResolver(need(live, 'ctx'))(n),
        });
        await live.hub.start();
      },
      () => live.hub?.stop(),
    ),
    component(
      'http',
      async () => {
        live.app = buildApp(need(live, 'ctx'), config);
        // GW-8: one evaluation through the app before the server listens (router, validators,
        // engine warmed), so a till's first request is not the slow one.
        await warmUp(live.app, config.api);
        // Each request goes to the app in force when it arrives (a reload swaps it).
        live.server = await listen((req, env?: unknown) => need(live, 'app').fetch(req, env), config.api.listen, opts.port ?? config.api.port);
      },
      // Stop accepting; requests in flight finish (a campaign answers 503 shutting_down after its
      // current chunk); long-lived streams are cut after a grace period.
      () => (live.server ? closeServer(live.server, IN_FLIGHT_GRACE_MS) : undefined),
    ),
    // Stopping aborts the calls to central in flight and returns once both loops have left.
    component(
      'sync',
      () => live.sync?.start(),
      () => live.sync?.stop(),
    ),
    component(
      'jobs',
      () => void (live.jobs = scheduleJobs(need(live, 'ctx'), config, logger)),
      () => live.jobs?.stop(),
    ),
    component(
      'watchdog',
      () => void (live.stopWatchdog = startWatchdog()),
      () => live.stopWatchdog?.(),
    ),
  ];
  const running = await startAll(components);
  const addr = need(live, 'server').address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? config.api.port);
  logger.info({ port, listen: config.api.listen, db: config.database.path, version: VERSION, store: config.store.id }, 'tillgate listening');
  sdNotify('READY=1');

  let stopping: Promise<void> | null = null;
  return {
    port,
    reload: () => reloader.reload(),
    stop(reason = 'stop') {
      stopping ??= (async () => {
        logger.info({ reason }, 'stopping');
        sdNotify('STOPPING=1');
        stopController.abort();
        await running.stop();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
