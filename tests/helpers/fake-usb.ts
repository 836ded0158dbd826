import type { UsbBinding, UsbDeviceInfo, UsbPrinterFilter, UsbPrinterHandle } from '../../src/drivers/transport/usb-binding.js';

/**
 * A test USB binding (no virtual USB exists on these machines): one printer-class device that
 * records bulk OUT bytes and answers DLE EOT on bulk IN; plug()/unplug() simulate the cable.
 */
export class FakeUsb implements UsbBinding {
  plugged = true;
  out = Buffer.alloc(0);
  statusBytes = [0x12, 0x12, 0x12];
  private pendingIn: number[] = [];
  private disconnect: (() => void)[] = [];

  constructor(
    readonly info: UsbDeviceInfo = {
      vendorId: 0x04b8,
      productId: 0x0e15,
      serialNumber: 'X1',
      manufacturer: 'EPSON',
      product: 'TM-T20',
      printerClass: true,
      location: '1:4',
    },
  ) {}

  async list(): Promise<UsbDeviceInfo[]> {
    return this.plugged ? [this.info] : [];
  }

  async openPrinter(f: UsbPrinterFilter): Promise<UsbPrinterHandle> {
    if (!this.plugged || f.vendorId !== this.info.vendorId || (f.productId !== undefined && f.productId !== this.info.productId))
      throw new Error('no USB printer is plugged in');
    let open = true;
    return {
      transferOut: async (data) => {
        if (!open || !this.plugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
        this.out = Buffer.concat([this.out, Buffer.from(data)]);
        for (let i = 0; i + 2 < data.length; i++) {
          if (data[i] === 0x10 && data[i + 1] === 0x04) this.pendingIn.push(this.statusBytes[[1, 2, 4].indexOf(data[i + 2]!)] ?? 0x12);
        }
      },
      transferIn: async () => {
        if (!open || !this.plugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
        const b = this.pendingIn.splice(0);
        return b.length ? Uint8Array.from(b) : null;
      },
      close: async () => {
        open = false;
      },
      onDisconnect: (cb) => this.disconnect.push(cb),
    };
  }

  unplug(): void {
    this.plugged = false;
    const cbs = this.disconnect.splice(0);
    for (const cb of cbs) cb();
  }
}
