import { connect, type Socket } from 'node:net';
import type { Connection, Transport, TransportSink } from './types.js';
import { reasonOf } from './types.js';

/** A network printer on raw TCP (port 9100, "JetDirect"). */
export class TcpTransport implements Transport {
  readonly label: string;

  constructor(
    private readonly host: string,
    private readonly port = 9100,
    private readonly connectTimeoutMs = 5000,
  ) {
    this.label = `tcp ${host}:${port}`;
  }

  async connect(sink: TransportSink): Promise<Connection> {
    const socket: Socket = await new Promise((resolve, reject) => {
      const s = connect({ host: this.host, port: this.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`connect timeout after ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    let gone = false;
    const lose = (reason: string) => {
      if (gone) return;
      gone = true;
      sink.lost(reason);
    };
    socket.on('data', (c: Buffer) => sink.data(c));
    socket.on('error', (e) => lose(reasonOf(e)));
    socket.on('close', () => lose('connection closed'));
    return {
      write: (data) =>
        new Promise<void>((resolve, reject) => {
          if (gone) return reject(new Error('connection closed'));
          socket.write(Buffer.from(data), (err) => (err ? reject(err) : resolve()));
        }),
      close: async () => {
        gone = true;
        socket.destroy();
      },
    };
  }
}
