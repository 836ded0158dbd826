import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from '../../common/backoff.js';
import type { Logger } from '../../common/logger.js';
import type { DeviceState, DeviceStateName } from '../device-state.js';
import type { Connection, Transport } from './types.js';
import { reasonOf } from './types.js';

export { DEFAULT_BACKOFF, type Backoff } from '../../common/backoff.js';

/** Errors that mean "not plugged in / not reachable" rather than "something is wrong". */
const ABSENT =
  /ENOENT|No such file|ENODEV|ENXIO|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|EIO|timeout|closed|unplugged|not found|no USB|disappeared|is plugged/i;

export interface SupervisorHooks {
  data(chunk: Buffer): void;
  state(s: DeviceState): void;
  /** After each successful (re)connect, before state turns ready. */
  connected?(conn: Connection): Promise<void> | void;
}

/**
 * Keeps a transport connected (GW-1): connects on start(), reconnects after loss with capped
 * exponential backoff, and reports `ready | disconnected | error` with a reason and since-when.
 * A device that is absent is a state, never a crash.
 */
export class Supervisor {
  private conn: Connection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private reports = 0;
  private running = false;
  private current: DeviceState;

  constructor(
    readonly transport: Transport,
    private readonly hooks: SupervisorHooks,
    private readonly logger: Logger,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.current = { state: 'disconnected', detail: 'not started', since: this.now().toISOString() };
  }

  get state(): DeviceState {
    return this.current;
  }

  get connection(): Connection | null {
    return this.conn;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tryConnect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.conn;
    this.conn = null;
    if (c) await c.close().catch(() => undefined);
    this.set('disconnected', 'stopped');
  }

  /** Mark the link bad from above (e.g. the printer stopped answering) and reconnect. */
  async reset(reason: string): Promise<void> {
    const c = this.conn;
    this.conn = null;
    this.set('disconnected', reason); // at once: nobody may see `ready` while the link closes
    if (c) await c.close().catch(() => undefined);
    this.schedule();
  }

  /** Report a state without touching the link (the link is up but the device is not usable). */
  report(state: DeviceStateName, detail: string): void {
    this.reports++;
    this.set(state, detail);
  }

  private async tryConnect(): Promise<void> {
    this.timer = null;
    if (!this.running) return;
    let conn: Connection | null = null;
    let lostEarly: string | null = null;
    try {
      conn = await this.transport.connect({
        data: (chunk) => {
          if (this.conn === conn) this.hooks.data(chunk);
        },
        lost: (reason) => {
          if (this.conn !== conn) {
            lostEarly = reason;
            return;
          }
          this.conn = null;
          this.logger.warn({ device: this.transport.label, reason }, 'device link lost');
          this.set('disconnected', reason);
          this.schedule();
        },
      });
    } catch (e) {
      const reason = reasonOf(e);
      this.set(ABSENT.test(reason) ? 'disconnected' : 'error', reason);
      this.schedule();
      return;
    }
    if (!this.running || lostEarly !== null) {
      await conn.close().catch(() => undefined);
      if (lostEarly !== null) {
        this.set('disconnected', lostEarly);
        this.schedule();
      }
      return;
    }
    this.conn = conn;
    this.attempt = 0;
    const reportsBefore = this.reports;
    try {
      await this.hooks.connected?.(conn);
    } catch (e) {
      this.logger.warn({ device: this.transport.label, err: reasonOf(e) }, 'device setup failed');
    }
    // The setup hook may have reported the device unusable (e.g. a printer that does not answer).
    if (this.conn === conn && this.reports === reportsBefore) this.set('ready', 'connected');
  }

  private schedule(): void {
    if (!this.running || this.timer) return;
    const delay = backoffDelay(this.backoff, this.attempt);
    this.attempt++;
    this.timer = setTimeout(() => void this.tryConnect(), delay);
    this.timer.unref?.();
  }

  private set(state: DeviceStateName, detail: string): void {
    if (this.current.state === state && this.current.detail === detail) return;
    this.current = { state, detail, since: this.now().toISOString() };
    this.hooks.state(this.current);
  }
}
