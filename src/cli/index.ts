/** The `tillgate` command: start, central, config check, devices, print-test. */
import { parseArgs } from 'node:util';
import { ConfigError, EXIT_CONFIG, loadConfig } from '../config/load.js';
import { DatabaseTooNewError } from '../engine/store/migrate.js';
import { createLogger, type Logger } from '../common/logger.js';
import { EXIT, StartupError } from '../common/startup-error.js';
import { startDaemon, type Daemon } from '../main.js';

const USAGE = `usage:
  tillgate start [--config FILE] [--port N] [--init]
                                             run the store daemon; --init starts an empty
                                             database where <db>.identity recorded one
  tillgate central --config FILE [--port N]  run the chain's central service
  tillgate config check [--config FILE]      validate a config file and report every problem
  tillgate sync status [--config FILE]       pending events, lag, last push/pull, central reachable
                                             (from the running daemon, else the store file)
  tillgate backup FILE [--config FILE]        an online, verified copy of the store database
                                             (works while the daemon runs)
  tillgate restore FILE [--config FILE] [--force]
                                             put a backup in place of the database (the daemon
                                             must be stopped; the old file is kept aside)
  tillgate devices [--config FILE]           list serial ports, USB devices and PC/SC readers
  tillgate print-test DEVICE [--config FILE] [--port N]
                                             print a test page on a configured printer (through
                                             the running daemon when one answers)`;

const DEFAULT_CONFIG = process.env.TILLGATE_CONFIG ?? '/etc/tillgate/tillgate.yaml';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string' },
      init: { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [cmd, sub] = positionals;
  if (values.help || !cmd) {
    console.log(USAGE);
    return cmd || values.help ? 0 : 64;
  }
  const file = values.config ?? DEFAULT_CONFIG;
  try {
    switch (cmd) {
      case 'start':
        return await start(file, values.port, values.init === true);
      case 'central': {
        const { centralCommand } = await import('./central.js');
        return await centralCommand(values.config ?? process.env.TILLGATE_CENTRAL_CONFIG ?? '/etc/tillgate/central.yaml', values.port);
      }
      case 'config':
        if (sub !== 'check') break;
        loadConfig(file);
        console.log(`${file}: ok`);
        return 0;
      case 'sync': {
        if (sub !== 'status') break;
        const { syncStatusCommand } = await import('./sync-status.js');
        return await syncStatusCommand(file, values.port === undefined ? undefined : Number(values.port));
      }
      case 'backup': {
        const { backupCommand } = await import('./backup.js');
        return await backupCommand(file, positionals.slice(1));
      }
      case 'restore': {
        const { restoreCommand } = await import('./restore.js');
        return restoreCommand(file, positionals.slice(1), values.force === true);
      }
      case 'devices': {
        const { devicesCommand } = await import('./devices.js');
        return await devicesCommand(file, positionals.slice(1));
      }
      case 'print-test': {
        const { printTestCommand } = await import('./print-test.js');
        return await printTestCommand(file, positionals.slice(1), values.port === undefined ? {} : { port: Number(values.port) });
      }
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return EXIT_CONFIG;
    }
    throw e;
  }
  console.error(USAGE);
  return 64;
}

/** systemd's TimeoutStopSec is 10 s: a stop that is not done by then is forced, inside that limit. */
const FORCE_EXIT_MS = 8000;

async function start(file: string, port: string | undefined, init: boolean): Promise<number> {
  const config = loadConfig(file);
  const logger = createLogger({ level: config.logging.level });
  // Signals are handled from the first moment: a SIGTERM during start-up stops the daemon as
  // soon as it is up, instead of killing it half-started.
  let signalled: NodeJS.Signals | null = null;
  let wake: (() => void) | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return;
    signalled = sig;
    setTimeout(() => {
      logger.error(`shutdown took longer than ${FORCE_EXIT_MS / 1000} s; exiting`);
      process.exit(1);
    }, FORCE_EXIT_MS).unref();
    wake?.();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // GW-4: SIGHUP re-reads the config file (as POST /v1/admin/config/reload does). Until the
  // daemon is up it is ignored rather than left to its default (which would kill the process).
  let reload: (() => void) | null = null;
  process.on('SIGHUP', () => {
    if (reload) reload();
    else logger.warn('SIGHUP during start-up ignored; send it again once the daemon listens');
  });
  let daemon: Daemon;
  try {
    daemon = await startDaemon(config, { logger, init, configFile: file, port: port === undefined ? undefined : Number(port) });
  } catch (e) {
    return startFailed(e, logger);
  }
  reload = () => {
    logger.info('SIGHUP: reloading the config file');
    // The reloader logs the outcome (applied with its changes, or refused with every problem).
    daemon.reload().catch((e: unknown) => logger.error({ err: e }, 'config reload failed'));
  };
  if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
  await daemon.stop(signalled ?? 'signal');
  return 0;
}

/**
 * Start-up errors are one line for the technician (and the journal) and an exit code systemd's
 * RestartPreventExitStatus knows: no raw stack traces (issue 9 item 12). The stack of an
 * unexpected error goes to the JSON log only.
 */
function startFailed(e: unknown, logger: Logger): number {
  let code: number = EXIT.SOFTWARE;
  let message = `cannot start: ${(e as Error)?.message ?? String(e)}`;
  if (e instanceof StartupError) {
    code = e.exitCode;
    message = e.message;
  } else if (e instanceof DatabaseTooNewError) {
    code = EXIT.DATAERR;
    message = e.message;
  } else {
    logger.fatal({ err: e }, 'unexpected error during start-up');
  }
  logger.fatal({ exitCode: code }, message);
  console.error(`tillgate: ${message}`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`tillgate: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.TILLGATE_DEBUG) console.error(e);
    process.exitCode = EXIT.SOFTWARE;
  },
);
