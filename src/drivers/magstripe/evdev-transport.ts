import { close as fsClose, constants, open as fsOpen } from 'node:fs';
import { pollFd } from '../transport/fd-poller.js';
import type { Connection, Transport, TransportSink } from '../transport/types.js';

/**
 * Reads raw input_event records from an evdev node (or, in tests, a FIFO fed with records).
 * Opened non-blocking and polled; ENODEV on unplug reports the link lost.
 */
export class EvdevTransport implements Transport {
  readonly label: string;

  constructor(private readonly path: string) {
    this.label = `evdev ${path}`;
  }

  async connect(sink: TransportSink): Promise<Connection> {
    const fd = await new Promise<number>((resolve, reject) =>
      fsOpen(this.path, constants.O_RDONLY | constants.O_NONBLOCK, (err, f) => (err ? reject(err) : resolve(f))),
    );
    let closed = false;
    const stop = pollFd(
      fd,
      (c) => sink.data(c),
      (e) => {
        if (closed) return;
        closed = true;
        fsClose(fd, () => undefined);
        sink.lost(e.message);
      },
    );
    return {
      write: async () => {
        throw new Error('an input device is read-only');
      },
      close: async () => {
        if (closed) return;
        closed = true;
        stop();
        await new Promise<void>((r) => fsClose(fd, () => r()));
      },
    };
  }
}
