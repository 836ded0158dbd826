import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '../common/logger.js';
import type { Config } from '../config/schema.js';
import type { EngineContext } from '../engine/context.js';
import type { ApiMetrics } from './metrics.js';

export type Scope = 'till' | 'admin';

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: { scope: Scope; principal: string; metrics: ApiMetrics };
}

export type App = OpenAPIHono<AppEnv>;

/** Health facts owned by other components (sync, devices), read at request time. */
export interface HealthSources {
  sync?: () => {
    pendingEvents: number;
    lagS: number;
    lastPushAt: string | null;
    lastPullAt: string | null;
    centralReachable: boolean;
    offlineSince: string | null;
  };
  devices?: () => { total: number; ready: number };
}

export interface ApiDeps {
  ctx: EngineContext;
  api: Config['api'];
  logger: Logger;
  version: string;
  startedAt: Date;
  health?: HealthSources;
  /** Remote address of the request; defaults to the Node socket's. */
  clientAddress?: (c: import('hono').Context) => string | undefined;
  /** The config file the daemon was started from, for GET /v1/admin/config (checked on disk at each call). */
  configFile?: string;
  /** Extra route groups (devices, events, printers …) registered by the composition root. */
  extraRoutes?: ((app: App, deps: ApiDeps) => void)[];
  /**
   * What GET /metrics reports and the requests are recorded into. The composition root makes it
   * once (a config reload builds a new app but keeps the counts); absent, the app makes its own
   * from ctx and health, without devices.
   */
  metrics?: ApiMetrics;
}
