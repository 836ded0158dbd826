import { read } from 'node:fs';

/**
 * Read a non-blocking fd (device file, evdev node, FIFO) by polling. A blocking read of a
 * character device would hold a libuv pool thread forever and could not be cancelled on
 * stop(); a short poll of a non-blocking fd costs nothing and stops cleanly.
 * EAGAIN and EOF (a FIFO without writer) mean "nothing yet"; other errors (ENODEV on unplug) end it.
 */
export function pollFd(fd: number, onData: (chunk: Buffer) => void, onError: (e: NodeJS.ErrnoException) => void, intervalMs = 20): () => void {
  const buf = Buffer.alloc(64 * 1024);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    read(fd, buf, 0, buf.length, null, (err, n) => {
      if (stopped) return;
      if (err && err.code !== 'EAGAIN' && err.code !== 'EWOULDBLOCK') {
        stopped = true;
        onError(err);
        return;
      }
      if (!err && n > 0) {
        onData(Buffer.from(buf.subarray(0, n)));
        setImmediate(tick);
        return;
      }
      timer = setTimeout(tick, intervalMs);
    });
  };
  tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
