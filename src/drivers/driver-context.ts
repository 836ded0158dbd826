import type { Logger } from '../common/logger.js';
import type { HubEventMap, HubEventType } from './events.js';
import type { Backoff } from './transport/supervisor.js';

/** What the hub hands each device driver. */
export interface DriverContext {
  logger: Logger;
  emit<K extends HubEventType>(type: K, data: HubEventMap[K]): void;
  now(): Date;
  backoff?: Backoff;
  /** How long to wait for a printer's status reply before calling it unresponsive. */
  statusTimeoutMs?: number;
}
