import type { ServerType } from '@hono/node-server';
import { systemClock } from './common/clock.js';
import { createLogger, type Logger } from './common/logger.js';
import type { Config } from './config/schema.js';
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

export interface DaemonOptions {
  /** Overrides config api.port (0 = any free port, for tests). */
  port?: number;
  logger?: Logger;
  /** `tillgate start --init`: start with an empty database although `<db>.identity` recorded one. */
  init?: boolean;
}

export interface Daemon {
  readonly port: number;
  stop(reason?: string): Promise<void>;
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
          resolveCard: cardReadResolver(need(live, 'ctx')),
        });
        await live.hub.start();
      },
      () => live.hub?.stop(),
    ),
    component(
      'http',
      async () => {
        const hub = need(live, 'hub');
        const sync = live.sync;
        const app = createApp({
          ctx: need(live, 'ctx'),
          api: config.api,
          logger,
          version: VERSION,
          startedAt: new Date(),
          health: { devices: () => hub.summary(), ...(sync ? { sync: () => sync.status() } : {}) },
          extraRoutes: deviceApiRoutes(hub),
        });
        await warmUp(app, config.api);
        live.server = await listen(app.fetch, config.api.listen, opts.port ?? config.api.port);
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
