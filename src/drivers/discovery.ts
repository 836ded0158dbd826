import { existsSync, realpathSync } from 'node:fs';
import type { Logger } from '../common/logger.js';
import { PcscService } from './smartcard/pcsc-service.js';
import { reasonOf } from './transport/types.js';
import { usbAvailable, type UsbBinding, type UsbDeviceInfo } from './transport/usb-binding.js';
import { RealUsbBinding } from './transport/usb-real.js';

/** What the box sees, for `tillgate devices` (GW-4). Every part reports its own problem instead of failing. */
export interface Discovery {
  serial: { path: string; manufacturer?: string; vendorId?: string; productId?: string }[];
  serialProblem: string | null;
  usb: UsbDeviceInfo[];
  usbProblem: string | null;
  pcsc: string[];
  pcscProblem: string | null;
}

export async function listSerialPorts(): Promise<Pick<Discovery, 'serial' | 'serialProblem'>> {
  try {
    const { SerialPort } = await import('serialport');
    const ports = await SerialPort.list();
    return {
      serial: ports.map((p) => ({
        path: p.path,
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
        ...(p.vendorId ? { vendorId: p.vendorId } : {}),
        ...(p.productId ? { productId: p.productId } : {}),
      })),
      serialProblem: null,
    };
  } catch (e) {
    return { serial: [], serialProblem: reasonOf(e) };
  }
}

export async function listUsb(binding?: UsbBinding): Promise<Pick<Discovery, 'usb' | 'usbProblem'>> {
  if (!binding && !usbAvailable()) return { usb: [], usbProblem: 'no /sys/bus/usb on this machine: USB devices are not visible' };
  try {
    return { usb: await (binding ?? new RealUsbBinding()).list(), usbProblem: null };
  } catch (e) {
    return { usb: [], usbProblem: reasonOf(e) };
  }
}

/** PC/SC reader names; waits up to `waitMs` for pcscd to report them. */
export async function listPcscReaders(logger: Logger, waitMs = 1500): Promise<Pick<Discovery, 'pcsc' | 'pcscProblem'>> {
  const svc = new PcscService({ changed: () => undefined, inserted: () => undefined, removed: () => undefined }, logger, { minMs: 60_000, maxMs: 60_000 });
  svc.start();
  await new Promise((r) => setTimeout(r, waitMs));
  const out = { pcsc: svc.readerNames(), pcscProblem: svc.unavailable };
  await svc.stop();
  return out;
}

/** The real path of a device node (by-id symlinks, socat links), or the path itself. */
export function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

export function pathExists(p: string): boolean {
  return existsSync(p);
}
