import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { terminate, waitFor } from './wait-for.js';

/**
 * A serial cable made of a socat pty pair: `a` for the driver, `b` for the fake device.
 * unplug() kills socat (both ptys vanish); plug() starts it again at the same link paths.
 */
export class PtyPair {
  private proc: ChildProcess | null = null;

  constructor(
    readonly a: string,
    readonly b: string,
  ) {}

  async plug(): Promise<void> {
    const p = spawn('socat', [`pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`], { stdio: 'ignore' });
    this.proc = p;
    await waitFor(() => existsSync(this.a) && existsSync(this.b), `socat ptys ${this.a} ${this.b}`);
  }

  async unplug(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await terminate(p);
    await waitFor(() => !existsSync(this.a), 'socat to remove its links');
  }
}
