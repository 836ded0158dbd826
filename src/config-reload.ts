import { setImmediate } from 'node:timers/promises';
import { ConfigError, loadConfig } from './config/load.js';
import { planReload, type ReloadChanges, type ReloadOutcome } from './config/config-diff.js';
import type { Config } from './config/schema.js';
import type { Logger } from './common/logger.js';

export type { ReloadOutcome } from './config/config-diff.js';

export interface ReloaderOptions {
  /** The config file the daemon was started with. */
  file: string;
  /** The config in force now. */
  current(): Config;
  /** Put `inForce` in force; returns what it did to the devices. */
  apply(inForce: Config): Promise<ReloadChanges['devices']>;
  logger: Logger;
}

/**
 * Config reload (GW-4), for SIGHUP and POST /v1/admin/config/reload: re-read the file; a bad
 * file changes nothing and reports every problem (line and field); a good one is applied with
 * what needs a restart kept as it is. Reloads run one at a time: a second one waits for the
 * first and then reads the file itself (so it is idempotent: reading an unchanged file changes
 * nothing).
 */
export class ConfigReloader {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ReloaderOptions) {}

  reload(): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.once());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async once(): Promise<ReloadOutcome> {
    let next: Config;
    try {
      next = loadConfig(this.o.file);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.o.logger.error({ file: this.o.file, errors: e.problems }, 'config reload refused: the file has errors; the config in force is kept');
      return { reloaded: false, file: this.o.file, errors: e.problems };
    }
    const { inForce, other, restartRequired } = planReload(this.o.current(), next);
    // Parsing and building the new app are each a few ms; the tills' requests get a turn between.
    await setImmediate();
    const devices = await this.o.apply(inForce);
    const changes: ReloadChanges = { devices, other, restartRequired };
    this.o.logger.info({ file: this.o.file, changes }, 'config reloaded');
    if (restartRequired.length > 0) this.o.logger.warn({ restartRequired }, 'config reloaded; these changes take effect only after a restart');
    return { reloaded: true, changes };
  }
}
