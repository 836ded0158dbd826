import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from '../common/logger.js';
import { VERSION } from '../version.js';
import { createCentralApp } from './app.js';
import { ensureCounters } from './blocks.js';
import { ChangeSignal } from './change-signal.js';
import type { CentralConfig } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateCentral } from './db/migrate.js';
import { MailSender } from './mail/sender.js';

export interface RunningCentral {
  port: number;
  db: Database;
  stop(): Promise<void>;
}

/** `tillgate central`: open the database, migrate (advisory-locked), seed counters, start the mail sender (with `smtp`), listen. */
export async function startCentral(config: CentralConfig, opts: { logger: Logger; port?: number }): Promise<RunningCentral> {
  const { logger } = opts;
  const db = await openDatabase(config.database);
  const applied = await migrateCentral(db);
  if (applied.length) logger.info({ applied }, 'central migrations applied');
  await ensureCounters(db, config.numbering);
  const signal = new ChangeSignal(db);
  await signal.start();
  const mail = config.smtp ? new MailSender(db, config.smtp, logger) : null;
  await mail?.start();
  const app = createCentralApp({ db, config, logger, signal, version: VERSION });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.listen, port: opts.port ?? config.port }, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? config.port);
  logger.info({ port, listen: config.listen, db: db.kind }, 'central listening');
  return {
    port,
    db,
    async stop() {
      await signal.stop(); // wakes long-polls so the server can close
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mail?.stop(); // waits for a send in progress
      await db.close();
      logger.info('central stopped');
    },
  };
}
