import { execFile } from 'node:child_process';

/**
 * sd_notify through the `systemd-notify` tool (Node has no unix datagram sockets). A no-op
 * unless systemd started us with NOTIFY_SOCKET (Type=notify, NotifyAccess=all).
 */
export function sdNotify(state: string): void {
  if (!process.env.NOTIFY_SOCKET) return;
  execFile('systemd-notify', [`--pid=${process.pid}`, state], () => undefined);
}

/** Ping the watchdog at half the interval systemd asks for; returns a stop function. */
export function startWatchdog(): () => void {
  const usec = Number(process.env.WATCHDOG_USEC ?? 0);
  if (!process.env.NOTIFY_SOCKET || !usec) return () => undefined;
  const t = setInterval(() => sdNotify('WATCHDOG=1'), Math.max(1000, usec / 2000));
  t.unref();
  return () => clearInterval(t);
}
