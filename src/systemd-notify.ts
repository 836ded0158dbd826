import { execFile } from 'node:child_process';

/**
 * sd_notify (GW-7) through systemd's own `systemd-notify` tool: Node has no unix datagram
 * sockets, and the tool is on every box systemd runs. A no-op unless systemd started us with
 * NOTIFY_SOCKET (the unit's Type=notify).
 *
 * The datagram comes from a child of the daemon, not from the main PID, so the unit needs
 * NotifyAccess=all (systemd/tillgate.service). The tool waits (by default, up to 5 s) until the
 * service manager has read the message (a BARRIER=1 round trip): systemd can only tell which
 * unit a datagram belongs to while its sender is still alive, and the wait keeps the child alive
 * for exactly that long. It runs beside the event loop; nothing here waits for it.
 * READY=1 also names the main PID (MAINPID=), so systemd keeps tracking this process whatever
 * started it.
 */
export function sdNotify(state: string): void {
  const socket = process.env.NOTIFY_SOCKET;
  if (!socket) return;
  const args = state === 'READY=1' ? [`--pid=${process.pid}`, state] : [state];
  execFile('systemd-notify', args, { timeout: 10_000 }, (err) => {
    if (err) warnOnce(`systemd-notify ${state} to ${socket} failed: ${err.message.split('\n')[0]}`);
  });
}

let warned = false;
/** A missing or failing systemd-notify is said once on stderr (the journal), not every watchdog tick. */
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`${message} (is the systemd package installed? the watchdog will restart a silent daemon)`, 'SystemdNotifyWarning');
}

/**
 * Ping the watchdog (WATCHDOG=1) at half the interval systemd asks for in WATCHDOG_USEC; returns a
 * stop function. A blocked event loop misses its pings and systemd restarts the daemon. Like
 * sd_watchdog_enabled(), a WATCHDOG_PID naming another process means the watchdog is not ours.
 */
export function startWatchdog(): () => void {
  const usec = Number(process.env.WATCHDOG_USEC ?? 0);
  const forPid = process.env.WATCHDOG_PID;
  if (!process.env.NOTIFY_SOCKET || !(usec > 0) || (forPid && Number(forPid) !== process.pid)) return () => undefined;
  const t = setInterval(() => sdNotify('WATCHDOG=1'), Math.max(1000, usec / 2000));
  t.unref();
  return () => clearInterval(t);
}
