import type { MagstripeConfig } from '../../config/devices-schema.js';
import type { DeviceInfo } from '../device-state.js';
import type { DriverContext } from '../driver-context.js';
import { Supervisor } from '../transport/supervisor.js';
import type { Transport } from '../transport/types.js';
import { EvdevDecoder } from './evdev.js';
import { swipeNumber, TrackParser } from './track-parser.js';

/** Quiet time after a line end that completes a swipe whose tracks end with CR each. */
const SWIPE_GAP_MS = 150;

/** Called once per swipe: the number, or null for a bad swipe. The hub decides read vs rejected. */
export type SwipeHandler = (deviceId: string, number: string | null) => void;

/** A magstripe reader, serial or USB HID keyboard-style through evdev (GW-1, GW-2). */
export class MagstripeDevice {
  readonly kind = 'magstripe' as const;
  private readonly sup: Supervisor;
  private readonly parser = new TrackParser();
  private readonly evdev: EvdevDecoder | null;
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly cfg: MagstripeConfig,
    transport: Transport,
    private readonly onSwipe: SwipeHandler,
    ctx: DriverContext,
  ) {
    this.evdev = cfg.transport.type === 'evdev' ? new EvdevDecoder() : null;
    this.sup = new Supervisor(
      transport,
      {
        data: (c) => this.onData(c),
        state: (s) => {
          if (s.state !== 'ready') {
            this.clearGap();
            this.parser.reset();
            this.evdev?.reset();
          }
          ctx.emit('device.state', { deviceId: cfg.id, ...s });
        },
      },
      ctx.logger,
      ctx.backoff,
      ctx.now,
    );
  }

  get id(): string {
    return this.cfg.id;
  }

  start(): void {
    this.sup.start();
  }

  stop(): Promise<void> {
    this.clearGap();
    return this.sup.stop();
  }

  info(): DeviceInfo {
    return { id: this.id, kind: 'magstripe', transport: this.sup.transport.label, ...this.sup.state, ...(this.cfg.name ? { name: this.cfg.name } : {}) };
  }

  private onData(chunk: Buffer): void {
    const text = this.evdev ? this.evdev.push(chunk) : chunk.toString('latin1');
    this.clearGap();
    for (const swipe of this.parser.push(text)) this.onSwipe(this.id, swipeNumber(swipe));
    if (this.parser.hasPending) {
      // More tracks of this swipe may follow on their own lines; the reader going quiet ends it.
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        for (const swipe of this.parser.flush()) this.onSwipe(this.id, swipeNumber(swipe));
      }, SWIPE_GAP_MS);
      this.gapTimer.unref();
    }
  }

  private clearGap(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }
}
