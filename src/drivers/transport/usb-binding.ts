import { existsSync } from 'node:fs';

/**
 * USB access behind a binding (like node-serialport's BindingInterface): the real one uses the
 * `usb` package (WebUSB style); tests use a fake, as no virtual USB exists on these machines.
 */
export interface UsbDeviceInfo {
  vendorId: number;
  productId: number;
  serialNumber: string | null;
  manufacturer: string | null;
  product: string | null;
  /** True when one interface is of the printer class (7). */
  printerClass: boolean;
  location: string;
}

export interface UsbPrinterFilter {
  vendorId: number;
  productId?: number;
  serialNumber?: string;
}

export interface UsbPrinterHandle {
  transferOut(data: Uint8Array): Promise<void>;
  /** Resolves with bytes from bulk IN, or null when nothing came within the binding's timeout. */
  transferIn(maxLength: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
  /** Called once when the device is unplugged. */
  onDisconnect(cb: () => void): void;
}

export interface UsbBinding {
  list(): Promise<UsbDeviceInfo[]>;
  /** Open the first matching printer-class device, or throw "not found". */
  openPrinter(filter: UsbPrinterFilter): Promise<UsbPrinterHandle>;
}

export const USB_SYSFS = '/sys/bus/usb/devices';

/** `usb` throws without sysfs (and its listeners can crash Node 20): check first (docs/architecture.md "Known traps"). */
export function usbAvailable(sysfs = USB_SYSFS): boolean {
  return existsSync(sysfs);
}
