import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

export const STACKS = {
  socat: { name: 'socat', present: () => hasCommand('socat'), install: 'apt-get install socat' },
  pcscd: { name: 'pcscd', present: () => hasCommand('pcscd') || existsSync('/usr/sbin/pcscd'), install: 'apt-get install pcscd libpcsclite-dev' },
  vpcd: { name: 'vsmartcard-vpcd', present: () => existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so'), install: 'apt-get install vsmartcard-vpcd' },
  unshare: {
    name: 'unshare (util-linux, run as root)',
    present: () => hasCommand('unshare') && process.getuid?.() === 0,
    install: 'run the tests as root with util-linux installed (pcscd gets a private /run/pcscd)',
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
