import type { Connection, Transport, TransportSink } from './types.js';
import { reasonOf } from './types.js';
import type { UsbBinding, UsbPrinterFilter } from './usb-binding.js';

/** A USB printer-class device: bulk OUT for bytes, bulk IN read in a loop for status replies. */
export class UsbTransport implements Transport {
  readonly label: string;

  constructor(
    private readonly binding: UsbBinding,
    private readonly filter: UsbPrinterFilter,
  ) {
    const hex = (n: number) => n.toString(16).padStart(4, '0');
    this.label = `usb ${hex(filter.vendorId)}:${filter.productId === undefined ? '*' : hex(filter.productId)}${filter.serialNumber ? ` ${filter.serialNumber}` : ''}`;
  }

  async connect(sink: TransportSink): Promise<Connection> {
    const h = await this.binding.openPrinter(this.filter);
    let gone = false;
    const lose = (reason: string) => {
      if (gone) return;
      gone = true;
      void h.close().catch(() => undefined);
      sink.lost(reason);
    };
    h.onDisconnect(() => lose('USB device unplugged'));
    void (async () => {
      while (!gone) {
        try {
          const data = await h.transferIn(64);
          if (data && data.length > 0 && !gone) sink.data(Buffer.from(data));
          else await new Promise((r) => setTimeout(r, 20));
        } catch (e) {
          lose(reasonOf(e));
        }
      }
    })();
    return {
      write: async (data) => {
        if (gone) throw new Error('USB device closed');
        try {
          await h.transferOut(data);
        } catch (e) {
          lose(reasonOf(e));
          throw e;
        }
      },
      close: async () => {
        if (gone) return;
        gone = true;
        await h.close().catch(() => undefined);
      },
    };
  }
}
