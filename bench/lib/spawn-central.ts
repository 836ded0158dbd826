/** Spawns `tillgate central` for the sync bench (the bench is the client, central its own process). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface SpawnedCentral {
  proc: ChildProcess;
  base: string;
  logs: string[];
  stop(): Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Spawn `tillgate central` on 127.0.0.1 and a free port; resolves once it logs that it listens. */
export function spawnCentral(configFile: string, timeoutMs = 30_000): Promise<SpawnedCentral> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), 'central', '--config', configFile, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`central did not start in ${timeoutMs} ms\n${logs.join('\n')}\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`central exited early with ${code}\n${logs.join('\n')}\n${stderr}`));
    });
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      try {
        const rec = JSON.parse(line) as { msg?: string; port?: number };
        if (rec.msg === 'central listening' && rec.port) {
          clearTimeout(timer);
          resolvePromise({
            proc,
            base: `http://127.0.0.1:${rec.port}`,
            logs,
            stop: () => {
              proc.kill('SIGTERM');
              return exited;
            },
          });
        }
      } catch {
        // not JSON: keep it
      }
    });
  });
}
