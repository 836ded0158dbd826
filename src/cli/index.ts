/** The `tillgate` command: start, config check, devices, print-test. */
import { parseArgs } from 'node:util';
import { ConfigError, EXIT_CONFIG, loadConfig } from '../config/load.js';
import { DatabaseTooNewError } from '../engine/store/migrate.js';
import { createLogger } from '../common/logger.js';
import { startDaemon } from '../main.js';

const USAGE = `usage:
  tillgate start [--config FILE] [--port N]   run the store daemon
  tillgate config check [--config FILE]      validate a config file and report every problem
  tillgate devices [--config FILE]           list serial ports, USB devices and PC/SC readers
  tillgate print-test DEVICE [--config FILE] print a test page on a configured printer`;

const DEFAULT_CONFIG = process.env.TILLGATE_CONFIG ?? '/etc/tillgate/tillgate.yaml';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
        return await start(file, values.port);
      case 'config':
        if (sub !== 'check') break;
        loadConfig(file);
        console.log(`${file}: ok`);
        return 0;
      case 'devices': {
        const { devicesCommand } = await import('./devices.js');
        return await devicesCommand(file, positionals.slice(1));
      }
      case 'print-test': {
        const { printTestCommand } = await import('./print-test.js');
        return await printTestCommand(file, positionals.slice(1));
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

async function start(file: string, port: string | undefined): Promise<number> {
  const config = loadConfig(file);
  const logger = createLogger({ level: config.logging.level });
  let daemon;
  try {
    daemon = await startDaemon(config, { logger, port: port === undefined ? undefined : Number(port) });
  } catch (e) {
    if (e instanceof DatabaseTooNewError) {
      logger.fatal(e.message);
      console.error(e.message);
      return 65;
    }
    throw e;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      const force = setTimeout(() => {
        logger.error('shutdown took longer than 5 s; exiting');
        process.exit(1);
      }, 5000);
      force.unref();
      void daemon.stop(sig).then(resolve);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
