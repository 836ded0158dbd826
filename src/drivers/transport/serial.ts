import { SerialPort } from 'serialport';
import type { Connection, Transport, TransportSink } from './types.js';
import { reasonOf } from './types.js';

export interface SerialOptions {
  path: string;
  baudRate: number;
  rtscts?: boolean;
}

/** A serial port through node-serialport (real binding); a pty from socat in tests. */
export class SerialTransport implements Transport {
  readonly label: string;

  constructor(private readonly opts: SerialOptions) {
    this.label = `serial ${opts.path}`;
  }

  async connect(sink: TransportSink): Promise<Connection> {
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, rtscts: this.opts.rtscts ?? false, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    let gone = false;
    const lose = (reason: string) => {
      if (gone) return;
      gone = true;
      sink.lost(reason);
    };
    port.on('data', (chunk: Buffer) => sink.data(chunk));
    port.on('error', (e: Error) => lose(reasonOf(e)));
    port.on('close', (e: Error | null) => lose(e ? reasonOf(e) : 'port closed'));
    return {
      write: (data) =>
        new Promise<void>((resolve, reject) => {
          if (gone) return reject(new Error('port closed'));
          port.write(Buffer.from(data), (err) => {
            if (err) return reject(err);
            port.drain((e) => (e ? reject(e) : resolve()));
          });
        }),
      close: () =>
        new Promise<void>((resolve) => {
          gone = true;
          if (!port.isOpen) return resolve();
          port.close(() => resolve());
        }),
    };
  }
}
