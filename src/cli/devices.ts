import { existsSync } from 'node:fs';
import { silentLogger } from '../common/logger.js';
import { loadConfig } from '../config/load.js';
import { parseUsbId, type DeviceConfig } from '../config/devices-schema.js';
import { listPcscReaders, listSerialPorts, listUsb, pathExists, realPath, type Discovery } from '../drivers/discovery.js';
import type { UsbBinding } from '../drivers/transport/usb-binding.js';

export interface DevicesIo {
  out?: (line: string) => void;
  usb?: UsbBinding;
  pcscWaitMs?: number;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** Which configured device a found serial port, USB device or reader is. */
function owners(devices: DeviceConfig[]) {
  return {
    serial: (path: string) =>
      devices
        .filter(
          (d) =>
            d.kind !== 'smartcard' &&
            (d.transport.type === 'serial' || d.transport.type === 'file' || d.transport.type === 'evdev') &&
            realPath(d.transport.path) === realPath(path),
        )
        .map((d) => d.id),
    usb: (vid: number, pid: number, serial: string | null) =>
      devices
        .filter(
          (d) =>
            d.kind === 'printer' &&
            d.transport.type === 'usb' &&
            parseUsbId(d.transport.vendorId) === vid &&
            (d.transport.productId === undefined || parseUsbId(d.transport.productId) === pid) &&
            (!d.transport.serialNumber || d.transport.serialNumber === serial),
        )
        .map((d) => d.id),
    reader: (name: string) => devices.filter((d) => d.kind === 'smartcard' && name.toLowerCase().includes(d.reader.toLowerCase())).map((d) => d.id),
  };
}

/** `tillgate devices`: serial ports, USB devices and PC/SC readers, and which configured device each is (GW-4). */
export async function devicesCommand(configFile: string, _args: string[] = [], io: DevicesIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => console.log(l));
  let devices: DeviceConfig[] = [];
  if (existsSync(configFile)) devices = loadConfig(configFile).devices;
  else out(`(no config at ${configFile}: listing hardware only)`);
  const own = owners(devices);
  const tag = (ids: string[]) => (ids.length ? `  ← ${ids.join(', ')}` : '');

  const found: Discovery = { ...(await listSerialPorts()), ...(await listUsb(io.usb)), ...(await listPcscReaders(silentLogger(), io.pcscWaitMs)) };

  out('Serial ports:');
  if (found.serialProblem) out(`  (cannot list: ${found.serialProblem})`);
  for (const p of found.serial)
    out(`  ${p.path}${p.manufacturer ? `  ${p.manufacturer}` : ''}${p.vendorId ? `  ${p.vendorId}:${p.productId ?? '?'}` : ''}${tag(own.serial(p.path))}`);
  if (!found.serialProblem && found.serial.length === 0) out('  (none)');

  out('USB devices:');
  if (found.usbProblem) out(`  (${found.usbProblem})`);
  for (const u of found.usb)
    out(
      `  ${hex4(u.vendorId)}:${hex4(u.productId)}  ${[u.manufacturer, u.product].filter(Boolean).join(' ') || '?'}${u.printerClass ? '  [printer class]' : ''}  bus ${u.location}${tag(own.usb(u.vendorId, u.productId, u.serialNumber))}`,
    );
  if (!found.usbProblem && found.usb.length === 0) out('  (none)');

  out('PC/SC readers:');
  if (found.pcscProblem) out(`  (${found.pcscProblem})`);
  for (const r of found.pcsc) out(`  ${r}${tag(own.reader(r))}`);
  if (!found.pcscProblem && found.pcsc.length === 0) out('  (none)');

  if (devices.length) {
    out('Configured devices:');
    for (const d of devices) out(`  ${d.id}  ${d.kind}  ${describe(d)}  → ${status(d, found)}`);
  }
  return 0;
}

function describe(d: DeviceConfig): string {
  if (d.kind === 'smartcard') return `reader matching "${d.reader}"`;
  const t = d.transport;
  switch (t.type) {
    case 'serial':
      return `serial ${t.path} @${t.baudRate}`;
    case 'tcp':
      return `tcp ${t.host}:${t.port}`;
    case 'usb':
      return `usb ${String(t.vendorId)}:${t.productId === undefined ? '*' : String(t.productId)}`;
    default:
      return `${t.type} ${t.path}`;
  }
}

function status(d: DeviceConfig, f: Discovery): string {
  if (d.kind === 'smartcard') return f.pcsc.some((r) => r.toLowerCase().includes(d.reader.toLowerCase())) ? 'found' : 'NOT FOUND';
  const t = d.transport;
  if (t.type === 'tcp') return 'network (not probed)';
  if (t.type === 'usb')
    return f.usb.some((u) => u.vendorId === parseUsbId(t.vendorId) && (t.productId === undefined || u.productId === parseUsbId(t.productId)))
      ? 'found'
      : 'NOT FOUND';
  return pathExists(t.path) ? 'found' : 'NOT FOUND';
}
