import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { privatePostgresPossible } from './private-postgres.js';

/**
 * Tests that need a system stack (pcscd, socat, vpcd) call this first. Under CI=true a missing
 * stack is a FAILURE (CI installs it: .ci/run); elsewhere the test skips with one line naming
 * what to install.
 */
export interface Stack {
  name: string;
  present: () => boolean;
  install: string;
}

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let immutable: boolean | undefined;
/** chattr +i works here: root, e2fsprogs, and a temp file system with the immutable flag. */
function canSetImmutable(): boolean {
  if (immutable !== undefined) return immutable;
  immutable = false;
  if (process.getuid?.() !== 0 || !hasCommand('chattr')) return false;
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-chattr-'));
  const file = join(dir, 'probe');
  try {
    writeFileSync(file, '');
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    immutable = true;
  } catch {
    // not supported on this file system
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return immutable;
}

/** pg_isready when installed, else a TCP connect to 127.0.0.1:5432 (in a child, this is sync). */
function postgresReady(): boolean {
  try {
    if (hasCommand('pg_isready')) {
      execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432', '-t', '3'], { stdio: 'ignore' });
    } else {
      const probe = "require('net').connect(5432,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))";
      execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 3000 });
    }
    return true;
  } catch {
    return false;
  }
}

/** The optional native `pcsclite` module was built (it needs libpcsclite-dev at npm ci time). */
function pcscliteBuilt(): boolean {
  try {
    createRequire(import.meta.url)('pcsclite');
    return true;
  } catch {
    return false;
  }
}

/** Debian's Chromium, which the console's browser tests drive (playwright-core downloads no browser). */
export const CHROMIUM = '/usr/bin/chromium';

export const STACKS = {
  pcsclite: {
    name: 'the pcsclite module (optional dependency, not built)',
    present: pcscliteBuilt,
    install: 'apt-get install libpcsclite-dev && npm rebuild pcsclite',
  },
  socat: { name: 'socat', present: () => hasCommand('socat'), install: 'apt-get install socat' },
  systemdNotify: { name: 'systemd-notify', present: () => hasCommand('systemd-notify'), install: 'apt-get install systemd' },
  systemdAnalyze: { name: 'systemd-analyze', present: () => hasCommand('systemd-analyze'), install: 'apt-get install systemd' },
  python3: { name: 'python3', present: () => hasCommand('python3'), install: 'apt-get install python3' },
  pcscd: { name: 'pcscd', present: () => hasCommand('pcscd') || existsSync('/usr/sbin/pcscd'), install: 'apt-get install pcscd libpcsclite-dev' },
  vpcd: { name: 'vsmartcard-vpcd', present: () => existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so'), install: 'apt-get install vsmartcard-vpcd' },
  chromium: { name: 'chromium (Debian package, driven by playwright-core)', present: () => existsSync(CHROMIUM), install: 'apt-get install chromium' },
  udevadm: { name: 'udevadm (udev)', present: () => hasCommand('udevadm'), install: 'apt-get install udev' },
  postgres: {
    name: 'PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth)',
    present: () => postgresReady(),
    install: 'apt-get install postgresql, trust auth for 127.0.0.1',
  },
  privatePostgres: {
    name: 'private PostgreSQL (initdb, pg_ctl; root)',
    present: privatePostgresPossible,
    install: 'apt-get install postgresql and run the tests as root (a private cluster runs as the postgres OS user)',
  },
  unshare: {
    name: 'unshare (util-linux, run as root)',
    present: () => hasCommand('unshare') && process.getuid?.() === 0,
    install: 'run the tests as root with util-linux installed (pcscd gets a private /run/pcscd)',
  },
  tmpfs: {
    name: 'tmpfs in a private mount namespace (root, util-linux)',
    present: () => hasCommand('unshare') && hasCommand('mount') && process.getuid?.() === 0,
    install: 'run the tests as root with util-linux installed (the daemon gets a small private tmpfs)',
  },
  chattr: {
    name: 'chattr +i (root, e2fsprogs, a temp file system with the immutable flag)',
    present: canSetImmutable,
    install: 'run the tests as root with e2fsprogs, TMPDIR on ext4/xfs/tmpfs',
  },
} satisfies Record<string, Stack>;

/** True when every stack is there; false (one line on stderr) to skip; throws under CI=true. */
export function requireStack(...stacks: Stack[]): boolean {
  const missing = stacks.filter((s) => !s.present());
  if (missing.length === 0) return true;
  const msg = `missing system stack: ${missing.map((s) => `${s.name} (${s.install})`).join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${msg} — required under CI=true`);
  console.warn(`skipping: ${msg}`);
  return false;
}
