import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** A spawned `tillgate start` process (shared by the benchmarks and the tests' OpenAPI-checking wrapper). */
export interface SpawnedDaemon {
  proc: ChildProcess;
  port: number;
  base: string;
  /** Every stdout log line so far (pino JSON). */
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Write a config for a spawned daemon into a fresh temp dir; returns its path. */
export function writeDaemonConfig(yaml: string, dir = mkdtempSync(join(tmpdir(), 'tillgate-e2e-'))): { dir: string; file: string } {
  const file = join(dir, 'tillgate.yaml');
  writeFileSync(file, yaml);
  return { dir, file };
}

export interface SpawnOptions {
  /** Extra arguments after `start` (e.g. --init). */
  args?: string[];
  /**
   * Run the daemon through another command that ends by exec'ing it (so the pid stays the
   * daemon's), e.g. `unshare -m … sh -c 'mount … && exec "$@"'`. Gets the command and arguments.
   */
  wrap?: (cmd: string, args: string[]) => [string, string[]];
  /** Listen on this port instead of a free one. */
  port?: number;
  /** Run this script (e.g. a built release's bin/tillgate.js) with plain node instead of src/cli/index.ts through tsx. */
  entry?: string;
  /** Extra environment (the default clears NOTIFY_SOCKET so a test never talks to a real service manager). */
  env?: NodeJS.ProcessEnv;
}

/** The argv of `tillgate start` for a config file (from the sources through tsx, or `entry` with plain node). */
export function daemonArgv(configFile: string, extra: string[] = [], port = 0, entry?: string): [string, string[]] {
  const cli = entry ? [entry] : ['--import', 'tsx', join(ROOT, 'src/cli/index.ts')];
  return [process.execPath, [...cli, 'start', '--config', configFile, '--port', String(port), ...extra]];
}

/** Spawn `tillgate start` on 127.0.0.1 and a free port (or `opts.port`); resolves once it logs that it listens. */
export function spawnDaemon(configFile: string, timeoutMs = 20_000, opts: SpawnOptions = {}): Promise<SpawnedDaemon> {
  const [cmd, args] = daemonArgv(configFile, opts.args, opts.port, opts.entry);
  const [file, argv] = opts.wrap ? opts.wrap(cmd, args) : [cmd, args];
  const proc = spawn(file, argv, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NOTIFY_SOCKET: '', ...opts.env },
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.once('exit', (code, signal) => res({ code, signal })));
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`daemon did not start in ${timeoutMs} ms\n${logs.join('\n')}\n${stderr}`));
    }, timeoutMs);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited early with ${code}\n${logs.join('\n')}\n${stderr}`));
    });
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      try {
        const rec = JSON.parse(line) as { msg?: string; port?: number };
        if (rec.msg === 'tillgate listening' && rec.port) {
          clearTimeout(timer);
          const base = `http://127.0.0.1:${rec.port}`;
          resolvePromise({ proc, port: rec.port, base, logs, exited, stderr: () => stderr });
        }
      } catch {
        // not JSON: keep it in logs
      }
    });
  });
}
