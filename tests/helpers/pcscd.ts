import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { terminate, waitFor } from './wait-for.js';

/**
 * A private pcscd with vpcd virtual readers for one test file. pcsc-lite 1.9 always serves
 * /run/pcscd/pcscd.comm, so pcscd runs in its own mount namespace with a temp dir bound over
 * /run/pcscd; this process reaches it through PCSCLITE_CSOCK_NAME. vpcd listens for the
 * virtual card on `port` (reader "Virtual PCD 00 00") and `port + 1` ("… 00 01").
 */
export class TestPcscd {
  private proc: ChildProcess | null = null;
  readonly ipc: string;
  readonly conf: string;

  constructor(
    dir: string,
    readonly port: number,
  ) {
    this.ipc = join(dir, 'ipc');
    this.conf = join(dir, 'reader.conf.d');
    mkdirSync(this.ipc, { recursive: true });
    mkdirSync(this.conf, { recursive: true });
    const hex = `0x${port.toString(16).toUpperCase()}`;
    writeFileSync(
      join(this.conf, 'vpcd'),
      `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    ${hex}\n`,
    );
  }

  get socket(): string {
    return join(this.ipc, 'pcscd.comm');
  }

  /** Point this process's libpcsclite at our pcscd (before the first context is made). */
  useInThisProcess(): void {
    process.env.PCSCLITE_CSOCK_NAME = this.socket;
  }

  async start(): Promise<void> {
    mkdirSync('/run/pcscd', { recursive: true });
    const p = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `mount --bind ${this.ipc} /run/pcscd && exec pcscd -f -c ${this.conf}`], {
      stdio: 'ignore',
    });
    this.proc = p;
    await waitFor(() => existsSync(this.socket) || p.exitCode !== null, 'pcscd socket');
    if (p.exitCode !== null) throw new Error(`pcscd exited with ${p.exitCode}`);
    await waitFor(() => portInUse(this.port), 'vpcd to listen');
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await terminate(p);
    await waitFor(async () => !(await portInUse(this.port)), 'vpcd port to close');
  }
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(false)));
  });
}

/** A free pair of ports for vpcd (it binds both `port` and `port + 1`). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = 20000 + Math.floor(Math.random() * 20000) * 2;
    if (!(await portInUse(p)) && !(await portInUse(p + 1))) return p;
  }
  throw new Error('no free port pair for vpcd');
}
