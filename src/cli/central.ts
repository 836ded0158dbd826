import { loadCentralConfig } from '../central/config.js';
import { CentralDatabaseTooNewError } from '../central/db/migrate.js';
import { startCentral } from '../central/server.js';
import { createLogger } from '../common/logger.js';

/** `tillgate central --config FILE [--port N]`: run the chain's central service until SIGTERM/SIGINT. */
export async function centralCommand(file: string, port: string | undefined): Promise<number> {
  const config = loadCentralConfig(file);
  const logger = createLogger({ level: config.logging.level });
  let central;
  try {
    central = await startCentral(config, { logger, port: port === undefined ? undefined : Number(port) });
  } catch (e) {
    if (e instanceof CentralDatabaseTooNewError) {
      logger.fatal(e.message);
      console.error(e.message);
      return 65;
    }
    throw e;
  }
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      const force = setTimeout(() => process.exit(1), 5000);
      force.unref();
      void central.stop().then(resolve);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}
