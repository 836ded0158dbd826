import { reasonOf } from './types.js';
import { usbAvailable, type UsbBinding, type UsbDeviceInfo, type UsbPrinterFilter, type UsbPrinterHandle } from './usb-binding.js';

const PRINTER_CLASS = 7;
const IN_TIMEOUT_MS = 500;

/* Minimal structural view of the `usb` package's WebUSB device (its d.ts needs DOM USB globals). */
interface Endpoint {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: string;
}
interface Alternate {
  interfaceClass: number;
  endpoints: Endpoint[];
}
interface Iface {
  interfaceNumber: number;
  alternate: Alternate;
  alternates: Alternate[];
}
interface Device {
  vendorId: number;
  productId: number;
  serialNumber?: string | null;
  manufacturerName?: string | null;
  productName?: string | null;
  bus?: string;
  address?: number;
  opened: boolean;
  configuration: { configurationValue: number; interfaces: Iface[] } | null;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(v: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  detachKernelDriver?(n: number): Promise<void>;
  transferOut(ep: number, data: Uint8Array): Promise<{ status: string }>;
  transferIn(ep: number, len: number): Promise<{ status: string; data?: DataView }>;
}
interface WebUsb {
  getDevices(): Promise<Device[]>;
  addEventListener(t: 'disconnect', l: (ev: { device: Device }) => void): void;
  removeEventListener(t: 'disconnect', l: (ev: { device: Device }) => void): void;
}

function printerInterface(d: Device): Iface | undefined {
  return d.configuration?.interfaces.find((i) => i.alternates.some((a) => a.interfaceClass === PRINTER_CLASS));
}

/** The real USB binding on the `usb` package. Loaded lazily, and only when sysfs exists. */
export class RealUsbBinding implements UsbBinding {
  private webusb: WebUsb | null = null;

  private async api(): Promise<WebUsb> {
    if (!usbAvailable()) throw new Error('no USB subsystem (/sys/bus/usb/devices is missing)');
    if (!this.webusb) {
      const mod = (await import('usb')) as unknown as { WebUSB: new (o: { allowAllDevices: boolean; deviceTimeout?: number }) => WebUsb };
      this.webusb = new mod.WebUSB({ allowAllDevices: true, deviceTimeout: IN_TIMEOUT_MS });
    }
    return this.webusb;
  }

  async list(): Promise<UsbDeviceInfo[]> {
    const devices = await (await this.api()).getDevices();
    return devices.map((d) => ({
      vendorId: d.vendorId,
      productId: d.productId,
      serialNumber: d.serialNumber ?? null,
      manufacturer: d.manufacturerName ?? null,
      product: d.productName ?? null,
      printerClass: printerInterface(d) !== undefined,
      location: `${d.bus ?? '?'}:${d.address ?? '?'}`,
    }));
  }

  async openPrinter(f: UsbPrinterFilter): Promise<UsbPrinterHandle> {
    const api = await this.api();
    const devices = await api.getDevices();
    const dev = devices.find(
      (d) =>
        d.vendorId === f.vendorId &&
        (f.productId === undefined || d.productId === f.productId) &&
        (f.serialNumber === undefined || d.serialNumber === f.serialNumber) &&
        printerInterface(d),
    );
    if (!dev) throw new Error(`no USB printer ${f.vendorId.toString(16).padStart(4, '0')}:${f.productId?.toString(16).padStart(4, '0') ?? '*'} is plugged in`);
    await dev.open();
    if (!dev.configuration) await dev.selectConfiguration(1);
    const iface = printerInterface(dev);
    if (!iface) throw new Error('the device has no printer interface');
    try {
      await dev.detachKernelDriver?.(iface.interfaceNumber); // usblp may hold it
    } catch {
      // No kernel driver attached: nothing to detach.
    }
    await dev.claimInterface(iface.interfaceNumber);
    const alt = iface.alternates.find((a) => a.interfaceClass === PRINTER_CLASS) ?? iface.alternate;
    const out = alt.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    const inp = alt.endpoints.find((e) => e.direction === 'in' && e.type === 'bulk');
    if (!out) throw new Error('the printer interface has no bulk OUT endpoint');
    const listeners: (() => void)[] = [];
    const onDisc = (ev: { device: Device }) => {
      if (ev.device !== dev) return;
      api.removeEventListener('disconnect', onDisc);
      for (const l of listeners) l();
    };
    api.addEventListener('disconnect', onDisc);
    return {
      transferOut: async (data) => {
        const r = await dev.transferOut(out.endpointNumber, data);
        if (r.status !== 'ok') throw new Error(`USB transfer ${r.status}`);
      },
      transferIn: async (len) => {
        if (!inp) return null;
        try {
          const r = await dev.transferIn(inp.endpointNumber, len);
          return r.data && r.data.byteLength > 0 ? new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) : null;
        } catch (e) {
          if (/timed? ?out/i.test(reasonOf(e))) return null;
          throw e;
        }
      },
      close: async () => {
        api.removeEventListener('disconnect', onDisc);
        try {
          await dev.releaseInterface(iface.interfaceNumber);
        } finally {
          await dev.close();
        }
      },
      onDisconnect: (cb) => listeners.push(cb),
    };
  }
}
