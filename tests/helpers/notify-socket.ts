import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for.js';

/** One sd_notify datagram as a service manager sees it. */
export interface NotifyDatagram {
  /** The datagram's text, e.g. `READY=1\nMAINPID=123`. */
  text: string;
  /** The sender's pid from its SCM_CREDENTIALS, and that process's parent (read while the sender waits for its barrier). */
  pid: number | null;
  ppid: number | null;
  /** File descriptors passed along (a BARRIER=1 carries one; it is closed, as systemd does, which answers the barrier). */
  fds: number;
}

export interface NotifySocket {
  path: string;
  datagrams: NotifyDatagram[];
  close(): Promise<void>;
}

// Binds an AF_UNIX datagram socket, prints one JSON line per datagram, closes the fds it was passed.
const RECEIVER = String.raw`
import array, json, os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(sys.argv[1])
print(json.dumps({"bound": True}), flush=True)
while True:
    data, anc, _flags, _addr = s.recvmsg(4096, socket.CMSG_SPACE(16 * 4) + socket.CMSG_SPACE(12))
    pid = ppid = None
    fds = []
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid = struct.unpack("iII", payload[:12])[0]
        elif level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.extend(array.array("i", payload[: len(payload) - len(payload) % 4]))
    try:
        with open("/proc/%d/stat" % pid) as f:
            ppid = int(f.read().rsplit(")", 1)[1].split()[1])
    except Exception:
        pass
    print(json.dumps({"text": data.decode(), "pid": pid, "ppid": ppid, "fds": len(fds)}), flush=True)
    for fd in fds:
        os.close(fd)
`;

/**
 * A stand-in for systemd's notify socket (GW-7): python3 receives the datagrams in `dir` and
 * reports each with its sender's credentials; closing passed fds answers systemd-notify's barrier.
 */
export async function openNotifySocket(dir: string): Promise<NotifySocket> {
  const path = join(dir, 'notify.sock');
  const proc = spawn('python3', ['-c', RECEIVER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const datagrams: NotifyDatagram[] = [];
  let bound = false;
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const rec = JSON.parse(line) as NotifyDatagram | { bound: true };
    if ('bound' in rec) bound = true;
    else datagrams.push(rec);
  });
  await waitFor(() => bound || proc.exitCode !== null, 'the notify socket to be bound');
  if (!bound) throw new Error('python3 could not bind the notify socket');
  return {
    path,
    datagrams,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
