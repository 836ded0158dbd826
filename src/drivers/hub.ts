import { AppError } from '../common/errors.js';
import { EventLog } from '../common/event-log.js';
import type { Logger } from '../common/logger.js';
import type { DeviceConfig, PrinterConfig } from '../config/devices-schema.js';
import type { CardScheme } from '../config/schema.js';
import { matchScheme } from './card-schemes.js';
import type { DeviceInfo } from './device-state.js';
import { transportFor } from './device-factory.js';
import type { DriverContext } from './driver-context.js';
import type { CardSource, HubEventMap, HubEventType } from './events.js';
import { MagstripeDevice } from './magstripe/magstripe-device.js';
import type { PrintJournal } from './print-journal.js';
import { PrinterDevice, type JobView } from './printer/printer-device.js';
import { renderPreview } from './printer/preview.js';
import { previewLayout } from './printer/preview-layout.js';
import { testPage } from './printer/test-page.js';
import { newId } from '../common/ids.js';
import type { IdCardData } from './smartcard/estonian-eid.js';
import { PcscService } from './smartcard/pcsc-service.js';
import { SmartcardDevice } from './smartcard/smartcard-device.js';
import type { Backoff } from './transport/supervisor.js';
import type { UsbBinding } from './transport/usb-binding.js';
import { RealUsbBinding } from './transport/usb-real.js';

export type { DeviceInfo } from './device-state.js';
export type { JobView } from './printer/printer-device.js';
export type { IdCardData } from './smartcard/estonian-eid.js';
export type { PrintJournal } from './print-journal.js';

export interface DeviceHubOptions {
  devices: DeviceConfig[];
  cardSchemes: CardScheme[];
  logger: Logger;
  journal: PrintJournal;
  /** Card number → the customer card (main wires this to the engine); null/undefined when unknown. */
  resolveCard?: (cardNumber: string) => unknown;
  /** Where events go; one is made when absent. */
  events?: EventLog;
  now?: () => Date;
  /** USB binding; the real `usb` one by default (tests pass a fake). */
  usb?: UsbBinding;
  backoff?: Backoff;
  statusTimeoutMs?: number;
}

type Device = PrinterDevice | MagstripeDevice | SmartcardDevice;

/** What a reload did to the devices, by id. */
export interface DeviceChanges {
  added: string[];
  removed: string[];
  restarted: string[];
}

/** Same device config: plain data from the validated file, compared by value. */
function sameConfig(a: DeviceConfig, b: DeviceConfig | undefined): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The one facade main wires (GW-1..3, CUST-9): builds every configured device, keeps them
 * connected, turns card reads into events, prints journaled jobs. Constructor only assigns;
 * start() does the I/O.
 */
export class DeviceHub {
  readonly events: EventLog;
  private readonly devices = new Map<string, Device>();
  /** The config each device was built from, to tell a changed device on reload. */
  private readonly configs = new Map<string, DeviceConfig>();
  private readonly smartcards: SmartcardDevice[] = [];
  private readonly pcsc: PcscService;
  private readonly ctx: DriverContext;
  private usbBinding: UsbBinding | undefined;
  private pcscStarted = false;

  constructor(private readonly opts: DeviceHubOptions) {
    this.events = opts.events ?? new EventLog();
    this.usbBinding = opts.usb;
    this.ctx = {
      logger: opts.logger,
      emit: (type, data) => this.emit(type, data),
      now: opts.now ?? (() => new Date()),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.statusTimeoutMs ? { statusTimeoutMs: opts.statusTimeoutMs } : {}),
    };
    this.pcsc = new PcscService(
      {
        changed: () => this.smartcards.forEach((d) => d.refresh()),
        inserted: (reader) => void this.smartcards.find((d) => d.matches(reader))?.inserted(reader),
        removed: (reader) => this.smartcards.find((d) => d.matches(reader))?.removed(),
      },
      opts.logger,
      opts.backoff,
    );
  }

  async start(): Promise<void> {
    for (const job of this.opts.journal.recoverInterrupted(this.ctx.now().toISOString())) {
      this.opts.logger.warn({ device: job.printerId, jobId: job.jobId }, 'print job was interrupted by a stop; marked in_doubt, not reprinted');
      this.emit('job.done', { deviceId: job.printerId, jobId: job.jobId, state: 'in_doubt', detail: job.detail ?? 'interrupted' });
    }
    for (const cfg of this.opts.devices) this.devices.set(cfg.id, this.build(cfg));
    for (const d of this.devices.values()) if (!(d instanceof SmartcardDevice)) d.start();
    if (this.smartcards.length > 0) {
      this.smartcards.forEach((d) => d.refresh());
      this.startPcsc();
    }
  }

  /** PC/SC once, when the first smart-card reader is configured (at start or by a reload). */
  private startPcsc(): void {
    if (this.pcscStarted) return;
    this.pcscStarted = true;
    this.pcsc.start();
  }

  /**
   * Config reload (GW-4): devices added, removed or changed (by id, any field) are started,
   * stopped or stopped and started again; an unchanged device keeps its connection, state and
   * jobs, and emits nothing. Card schemes apply to the next read. Serialised by the caller.
   */
  async reconfigure(devices: DeviceConfig[], cardSchemes: CardScheme[]): Promise<DeviceChanges> {
    this.opts.cardSchemes = cardSchemes;
    const next = new Map(devices.map((d) => [d.id, d]));
    const changes: DeviceChanges = { added: [], removed: [], restarted: [] };
    for (const [id, dev] of this.devices) {
      const cfg = next.get(id);
      if (cfg && sameConfig(cfg, this.configs.get(id))) continue;
      (cfg ? changes.restarted : changes.removed).push(id);
      await this.retire(id, dev);
    }
    for (const cfg of devices) {
      if (this.devices.has(cfg.id)) continue;
      if (!changes.restarted.includes(cfg.id)) changes.added.push(cfg.id);
      const dev = this.build(cfg);
      this.devices.set(cfg.id, dev);
      if (dev instanceof SmartcardDevice) {
        dev.refresh();
        this.startPcsc();
      } else dev.start();
    }
    this.opts.devices = devices;
    for (const id of [...changes.removed, ...changes.restarted, ...changes.added]) {
      this.opts.logger.info(
        { device: id, change: changes.removed.includes(id) ? 'removed' : changes.added.includes(id) ? 'added' : 'restarted' },
        'device reconfigured',
      );
    }
    return changes;
  }

  private build(cfg: DeviceConfig): Device {
    const usb = () => (this.usbBinding ??= new RealUsbBinding());
    this.configs.set(cfg.id, cfg);
    if (cfg.kind === 'printer') return new PrinterDevice(cfg, transportFor(cfg.transport, usb), this.opts.journal, this.ctx);
    if (cfg.kind === 'magstripe')
      return new MagstripeDevice(cfg, transportFor(cfg.transport, usb), (id, n) => void this.cardNumber(id, 'magstripe', n), this.ctx);
    const dev = new SmartcardDevice(cfg, this.pcsc, (id, n) => void this.cardNumber(id, 'smartcard', n), this.ctx);
    this.smartcards.push(dev);
    return dev;
  }

  private async retire(id: string, dev: Device): Promise<void> {
    this.devices.delete(id);
    this.configs.delete(id);
    if (dev instanceof SmartcardDevice) this.smartcards.splice(this.smartcards.indexOf(dev), 1);
    else await dev.stop();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.devices.values()].map((d) => (d instanceof SmartcardDevice ? undefined : d.stop())));
    await this.pcsc.stop();
    this.events.checkpoint();
  }

  list(): DeviceInfo[] {
    return [...this.devices.values()].map((d) => d.info());
  }

  get(id: string): DeviceInfo {
    return this.device(id).info();
  }

  /** For GET /v1/health. */
  summary(): { total: number; ready: number } {
    const all = this.list();
    return { total: all.length, ready: all.filter((d) => d.state === 'ready').length };
  }

  /** Queue a structured document (validated here; AppError on a bad one) under the till's job key. */
  print(printerId: string, doc: unknown, jobKey: string): JobView & { replayed: boolean } {
    return this.printer(printerId).submit(doc, jobKey);
  }

  jobStatus(printerId: string, jobId: string): JobView {
    return this.printer(printerId).job(jobId);
  }

  openDrawer(printerId: string): Promise<void> {
    return this.printer(printerId).openDrawer();
  }

  /** A PNG of the document (the test page when none) as this printer would print it. */
  preview(printerId: string, doc?: unknown): Buffer {
    return renderPreview(previewLayout(this.printer(printerId).cfg, doc));
  }

  /** A printer's configuration (plain data), for rendering its preview off the event loop. */
  printerConfig(printerId: string): PrinterConfig {
    return this.printer(printerId).cfg;
  }

  /** Print the technician's test page (code-page characters, barcode, QR, cut); a retried key prints once. */
  printTestPage(printerId: string, key: string = newId()): JobView & { replayed: boolean } {
    const p = this.printer(printerId);
    return p.submit(testPage(p.cfg), `test-page:${key}`);
  }

  readIdCard(deviceId: string): Promise<IdCardData> {
    const d = this.device(deviceId);
    if (!(d instanceof SmartcardDevice)) return Promise.reject(new AppError('id_card_not_supported', `device ${deviceId} is not a smart-card reader`));
    return d.readIdCard();
  }

  /** PC/SC reader names the hub sees (for `tillgate devices`). */
  pcscReaders(): string[] {
    return this.pcsc.readerNames();
  }

  private device(id: string): Device {
    const d = this.devices.get(id);
    if (!d) throw new AppError('device_not_found', `no device "${id}" is configured`);
    return d;
  }

  private printer(id: string): PrinterDevice {
    const d = this.device(id);
    if (!(d instanceof PrinterDevice)) throw new AppError('device_not_found', `device "${id}" is not a printer`);
    return d;
  }

  private emit<K extends HubEventType>(type: K, data: HubEventMap[K]): void {
    this.events.append(type, data);
  }

  /** GW-2: a number from a reader → card.read (matching scheme, resolved) or card.rejected (no number). */
  private async cardNumber(deviceId: string, source: CardSource, number: string | null): Promise<void> {
    if (number === null) {
      this.emit('card.rejected', { deviceId, source, reason: 'bad_read' });
      return;
    }
    const scheme = matchScheme(number, this.opts.cardSchemes);
    if (!scheme) {
      // Bank cards and anything foreign: the number goes no further than this line.
      this.opts.logger.info({ device: deviceId, source }, 'card rejected: no configured scheme matches');
      this.emit('card.rejected', { deviceId, source, reason: 'unknown_scheme' });
      return;
    }
    let card: unknown;
    try {
      card = (await this.opts.resolveCard?.(number)) ?? undefined;
    } catch (e) {
      this.opts.logger.warn({ device: deviceId, err: (e as Error).message }, 'card lookup failed');
    }
    this.opts.logger.info({ device: deviceId, source, scheme: scheme.id }, 'card read');
    this.emit('card.read', { deviceId, source, cardNumber: number, scheme: scheme.id, ...(card === undefined ? {} : { card }) });
  }
}

/** Factory for main: `createDeviceHub({devices, cardSchemes, logger, journal, resolveCard})`. */
export function createDeviceHub(opts: DeviceHubOptions): DeviceHub {
  return new DeviceHub(opts);
}
