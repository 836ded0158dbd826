import cron from 'node-cron';
import type { Config } from './config/schema.js';
import { AppError } from './common/errors.js';
import type { Logger } from './common/logger.js';
import { masterSnapshot } from './engine/receipts/catalog-cache.js';
import type { EngineContext } from './engine/context.js';
import { pruneAckedOutbox } from './engine/outbox-prune.js';
import { recomputeTiers } from './engine/tiers/tiers.js';

const KEEP_IDEMPOTENCY_DAYS = 8; // API.md promises at least 7

export interface ScheduledJobs {
  /** No new runs; resolves when the runs in progress have returned (they stop between chunks on ctx.stopSignal). */
  stop(): Promise<void>;
}

/** The nightly node-cron jobs (GW-7). Each run is tracked so shutdown can wait for it before closing the db. */
export function scheduleJobs(ctx: EngineContext, config: Config, logger: Logger): ScheduledJobs {
  const { store } = ctx;
  const running = new Set<Promise<void>>();
  const job = (name: string, expr: string, run: () => unknown) =>
    cron.schedule(
      expr,
      () => {
        const p = (async () => {
          try {
            await run();
          } catch (e) {
            if (e instanceof AppError && e.code === 'shutting_down') logger.info({ job: name }, e.message);
            else logger.error({ err: e, job: name }, 'scheduled job failed');
          }
        })();
        running.add(p);
        void p.finally(() => running.delete(p));
        return p;
      },
      { timezone: config.store.timeZone, name },
    );

  const tasks = [
    job('purge-idempotency-keys', '17 3 * * *', () => {
      const before = new Date(Date.now() - KEEP_IDEMPOTENCY_DAYS * 86_400_000).toISOString();
      const n = store.db.tx(() => store.idempotency.purgeBefore(before));
      logger.info({ purged: n }, 'idempotency keys purged');
    }),
    // CARD-10 batch mode: recompute every customer's tier nightly (chunked; tills keep going).
    job('recompute-tiers', '30 2 * * *', async () => {
      if (masterSnapshot(ctx).tiers?.mode !== 'batch') return;
      const r = await recomputeTiers(ctx);
      logger.info(r, 'tiers recomputed');
    }),
    // Outbox rows central acknowledged more than sync.keepAckedDays ago, in short chunks (GW-6, GW-7).
    job('prune-outbox', '47 3 * * *', async () => {
      const r = await pruneAckedOutbox(ctx, config.sync.keepAckedDays, ctx.stopSignal);
      logger.info(r, 'acknowledged outbox events pruned');
    }),
  ];

  return {
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...running]);
    },
  };
}
