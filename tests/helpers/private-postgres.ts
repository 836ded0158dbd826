import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FreshDatabase } from './central-db.js';

/**
 * A private PostgreSQL cluster for fault tests that stop or restart the server (the shared one
 * on :5432 serves the other test files in parallel). initdb into a temp dir, pg_ctl on a free
 * port on 127.0.0.1, unix socket in the temp dir, trust auth; as root the binaries run as the
 * `postgres` OS user.
 */
export interface PrivatePostgres {
  port: number;
  dir: string;
  /** A database on this cluster (dropped with the cluster). */
  database(name: string): Promise<FreshDatabase>;
  stop(): void;
  start(): void;
  restart(): void;
  /** Stops the server (if running) and removes its directory; safe to call twice. */
  destroy(): void;
}

/** Newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** initdb and pg_ctl are there and can run: as root via the `postgres` OS user (runuser). */
export function privatePostgresPossible(): boolean {
  if (!postgresBinDir() || process.getuid?.() !== 0) return false;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    execFileSync('sh', ['-c', 'command -v runuser'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no /usr/lib/postgresql/<version>/bin with initdb and pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-private-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const as = (cmd: string, ...args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const ctl = (...args: string[]) => as('pg_ctl', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', ...args);
  let running = false;
  const pp: PrivatePostgres = {
    port,
    dir,
    async database(name) {
      const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      return { name, url: `postgres://postgres@127.0.0.1:${port}/${name}`, drop: async () => {} };
    },
    start() {
      ctl('-o', opts, 'start');
      running = true;
    },
    stop() {
      ctl('-m', 'fast', 'stop');
      running = false;
    },
    restart() {
      ctl('-m', 'fast', '-o', opts, 'restart');
      running = true;
    },
    destroy() {
      try {
        if (running || existsSync(join(data, 'postmaster.pid'))) ctl('-m', 'immediate', 'stop');
      } catch {
        // already stopped
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    as('initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8');
    pp.start();
  } catch (e) {
    pp.destroy();
    throw e;
  }
  return pp;
}
