import { parseUsbId, type PrinterConfig } from '../config/devices-schema.js';
import { EvdevTransport } from './magstripe/evdev-transport.js';
import type { MagstripeConfig } from '../config/devices-schema.js';
import { FileTransport } from './transport/file.js';
import { SerialTransport } from './transport/serial.js';
import { TcpTransport } from './transport/tcp.js';
import type { Transport } from './transport/types.js';
import type { UsbBinding } from './transport/usb-binding.js';
import { UsbTransport } from './transport/usb.js';

/** The transport a configured device talks through (real bindings; USB through `usb`). */
export function transportFor(t: PrinterConfig['transport'] | MagstripeConfig['transport'], usb: () => UsbBinding): Transport {
  switch (t.type) {
    case 'serial':
      return new SerialTransport({ path: t.path, baudRate: t.baudRate, rtscts: t.rtscts });
    case 'tcp':
      return new TcpTransport(t.host, t.port);
    case 'file':
      return new FileTransport(t.path, t.readable);
    case 'usb':
      return new UsbTransport(usb(), {
        vendorId: parseUsbId(t.vendorId),
        ...(t.productId === undefined ? {} : { productId: parseUsbId(t.productId) }),
        ...(t.serialNumber === undefined ? {} : { serialNumber: t.serialNumber }),
      });
    case 'evdev':
      return new EvdevTransport(t.path);
  }
}
