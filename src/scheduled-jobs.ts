import cron, { type ScheduledTask } from 'node-cron';
import { join } from 'node:path';
import type { Config } from './config/schema.js';
import { AppError } from './common/errors.js';
import type { Logger } from './common/logger.js';
import { masterSnapshot } from './engine/receipts/catalog-cache.js';
import type { EngineContext } from './engine/context.js';
import { pruneAckedOutbox } from './engine/outbox-prune.js';
import { recomputeTiers } from './engine/tiers/tiers.js';
import { backupFileName, backupInWorker, pruneBackups } from './engine/store/backup.js';

const KEEP_IDEMPOTENCY_DAYS = 8; // API.md promises at least 7

export interface ScheduledJobs {
  /** Config reload (GW-4): the schedules are made again from `config`, runs in progress go on. */
  reschedule(ctx: EngineContext, config: Config): void;
  /** No new runs; resolves when the runs in progress have returned (they stop between chunks on ctx.stopSignal). */
  stop(): Promise<void>;
}

/**
 * The nightly backup (GW-7): a verified copy in backup.dir made off the event loop (worker
 * thread, own connection); only after it is verified are backups beyond backup.keep deleted.
 */
export async function nightlyBackup(dbPath: string, storeId: string, backup: NonNullable<Config['backup']>, logger: Logger, now = new Date()) {
  const r = await backupInWorker(dbPath, join(backup.dir, backupFileName(storeId, now)));
  const deleted = pruneBackups(backup.dir, storeId, backup.keep);
  logger.info({ file: r.file, bytes: r.bytes, copyMs: r.copyMs, deleted }, 'nightly backup written and verified');
  return { ...r, deleted };
}

/** The nightly node-cron jobs (GW-7). Each run is tracked so shutdown can wait for it before closing the db. */
export function scheduleJobs(ctx: EngineContext, config: Config, logger: Logger): ScheduledJobs {
  const running = new Set<Promise<void>>();
  const make = (ctx: EngineContext, config: Config): ScheduledTask[] => {
    const { store } = ctx;
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
    const backup = config.backup;
    if (backup) tasks.push(job('backup', backup.schedule, () => nightlyBackup(config.database.path, config.store.id, backup, logger)));
    return tasks;
  };

  let tasks = make(ctx, config);
  return {
    reschedule(nextCtx, nextConfig) {
      const old = tasks;
      tasks = make(nextCtx, nextConfig);
      for (const t of old) void t.stop();
    },
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...running]);
    },
  };
}
