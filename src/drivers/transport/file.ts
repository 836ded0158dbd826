import { constants, promises as fsp, write as fsWrite, close as fsClose, open as fsOpen } from 'node:fs';
import { pollFd } from './fd-poller.js';
import type { Connection, Transport, TransportSink } from './types.js';

const RETRY_MS = 20;
const GIVE_UP_MS = 30_000;

/**
 * A device file such as /dev/usb/lp0 (USB printer class through the kernel's usblp driver).
 * Opened non-blocking; `readable` also reads status replies from the same file. Writes retry
 * EAGAIN (printer busy); a vanished node (unplug) reports the link lost.
 */
export class FileTransport implements Transport {
  readonly label: string;

  constructor(
    private readonly path: string,
    private readonly readable = true,
  ) {
    this.label = `file ${path}`;
  }

  async connect(sink: TransportSink): Promise<Connection> {
    const flags = (this.readable ? constants.O_RDWR : constants.O_WRONLY) | constants.O_NONBLOCK | constants.O_NOCTTY;
    const fd = await new Promise<number>((resolve, reject) => fsOpen(this.path, flags, (err, f) => (err ? reject(err) : resolve(f))));
    let gone = false;
    const lose = (reason: string) => {
      if (gone) return;
      gone = true;
      stopPoll?.();
      clearInterval(watch);
      fsClose(fd, () => undefined);
      sink.lost(reason);
    };
    const stopPoll = this.readable
      ? pollFd(
          fd,
          (c) => sink.data(c),
          (e) => lose(e.message),
        )
      : undefined;
    // A write-only node gives no read error on unplug: watch that it still exists.
    const watch = setInterval(() => {
      fsp.access(this.path).catch(() => lose(`${this.path} disappeared`));
    }, 1000);
    watch.unref();

    const writeAll = async (data: Buffer): Promise<void> => {
      let off = 0;
      let waited = 0;
      while (off < data.length) {
        if (gone) throw new Error('device file closed');
        try {
          off += await new Promise<number>((resolve, reject) => fsWrite(fd, data, off, data.length - off, null, (err, n) => (err ? reject(err) : resolve(n))));
          waited = 0;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if ((code === 'EAGAIN' || code === 'EWOULDBLOCK') && waited < GIVE_UP_MS) {
            await new Promise((r) => setTimeout(r, RETRY_MS));
            waited += RETRY_MS;
            continue;
          }
          lose((e as Error).message);
          throw e;
        }
      }
    };
    return {
      write: (data) => writeAll(Buffer.from(data)),
      close: async () => {
        if (gone) return;
        gone = true;
        stopPoll?.();
        clearInterval(watch);
        await new Promise<void>((r) => fsClose(fd, () => r()));
      },
    };
  }
}
