import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '../common/logger.js';
import type { ChangeSignal } from './change-signal.js';
import type { CentralConfig } from './config.js';
import type { Database } from './db/database.js';

/** Per-request values set by central's auth middleware. */
export interface CentralEnv {
  Variables: { principal: string; storeId: string };
}

export type CentralApp = OpenAPIHono<CentralEnv>;

export interface CentralDeps {
  db: Database;
  config: CentralConfig;
  logger: Logger;
  signal: ChangeSignal;
  version: string;
}
