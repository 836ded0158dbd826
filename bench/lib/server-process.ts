/**
 * Runs bench-server.ts as its own process (the measured server), so the client that measures it
 * (this process and its HttpClient worker) never shares its event loop or its thread.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRss, type Rss } from './rss.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface BenchServer {
  base: string;
  pid: number;
  rss(): Rss;
  stop(): Promise<void>;
}

export function startBenchServer(dbPath: string, timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): Promise<BenchServer> {
  const proc: ChildProcess = fork(join(here, 'bench-server.ts'), [dbPath], {
    // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (bench/README.md).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  proc.stdout?.resume(); // pino's info lines: drained, not kept
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`bench server did not start in ${timeoutMs} ms`));
    }, timeoutMs);
    void exited.then(() => reject(new Error(`bench server exited early (${proc.exitCode ?? proc.signalCode})`)));
    proc.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      const pid = proc.pid!;
      resolve({
        base: `http://127.0.0.1:${m.port}`,
        pid,
        rss: () => readRss(pid),
        stop: async () => {
          proc.disconnect();
          await exited;
        },
      });
    });
  });
}
