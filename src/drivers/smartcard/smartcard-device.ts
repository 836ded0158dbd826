import { AppError } from '../../common/errors.js';
import type { SmartcardConfig } from '../../config/devices-schema.js';
import type { DeviceInfo, DeviceState } from '../device-state.js';
import type { DriverContext } from '../driver-context.js';
import type { SwipeHandler } from '../magstripe/magstripe-device.js';
import { reasonOf } from '../transport/types.js';
import { readNumber } from './apdu.js';
import { readEstonianEid, type IdCardData } from './estonian-eid.js';
import type { PcscService } from './pcsc-service.js';

/** A configured smart-card reader, matched to PC/SC readers by part of their name (GW-1, GW-2, CUST-9). */
export class SmartcardDevice {
  readonly kind = 'smartcard' as const;
  private current: DeviceState;

  constructor(
    readonly cfg: SmartcardConfig,
    private readonly pcsc: PcscService,
    private readonly onNumber: SwipeHandler,
    private readonly ctx: DriverContext,
  ) {
    this.current = { state: 'disconnected', detail: 'not started', since: ctx.now().toISOString() };
  }

  get id(): string {
    return this.cfg.id;
  }

  matches(reader: string): boolean {
    return reader.toLowerCase().includes(this.cfg.reader.toLowerCase());
  }

  readers(): string[] {
    return this.pcsc.readerNames().filter((r) => this.matches(r));
  }

  /** Re-evaluate the state after the reader set or the PC/SC service changed. */
  refresh(): void {
    const problem = this.pcsc.unavailable;
    const readers = this.readers();
    const [state, detail]: [DeviceState['state'], string] = problem
      ? ['disconnected', problem]
      : readers.length > 0
        ? ['ready', `reader ${readers.join(', ')}`]
        : ['disconnected', `no PC/SC reader matches "${this.cfg.reader}"`];
    if (state === this.current.state && detail === this.current.detail) return;
    this.current = { state, detail, since: this.ctx.now().toISOString() };
    this.ctx.emit('device.state', { deviceId: this.id, ...this.current });
  }

  info(): DeviceInfo {
    return { id: this.id, kind: 'smartcard', transport: `pcsc "${this.cfg.reader}"`, ...this.current, ...(this.cfg.name ? { name: this.cfg.name } : {}) };
  }

  /** A card went into one of this device's readers: read its number and hand it to the hub. */
  async inserted(reader: string): Promise<void> {
    const m = this.cfg.number;
    let number: string | null;
    try {
      number = await this.pcsc.withCard(reader, async (ch) => (m.method === 'estonian-eid' ? (await readEstonianEid(ch)).personalCode : readNumber(ch, m)));
    } catch (e) {
      this.ctx.logger.info({ device: this.id, err: reasonOf(e) }, 'card could not be read');
      number = null;
    }
    this.onNumber(this.id, number);
  }

  removed(): void {
    this.ctx.emit('card.removed', { deviceId: this.id });
  }

  /** CUST-9: the personal data of the national ID card now in the reader. */
  async readIdCard(): Promise<IdCardData> {
    if (this.cfg.idCard === 'none') throw new AppError('id_card_not_supported', `device ${this.id} has no ID-card profile (set idCard: estonian-eid)`);
    const reader = this.readers().find((r) => this.pcsc.isPresent(r));
    if (!reader) {
      if (this.current.state !== 'ready') throw new AppError('device_offline', `device ${this.id} is ${this.current.state}: ${this.current.detail}`);
      throw new AppError('id_card_absent');
    }
    try {
      return await this.pcsc.withCard(reader, readEstonianEid);
    } catch (e) {
      throw new AppError('id_card_unreadable', `the card could not be read as an Estonian eID: ${reasonOf(e)}`);
    }
  }
}
