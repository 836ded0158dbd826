import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireStack, STACKS } from '../helpers/require-stack.js';

const RULES = resolve(import.meta.dirname, '../../systemd/61-tillgate.rules');
const dir = mkdtempSync(join(tmpdir(), 'tg-udev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether this udevadm has `verify` (systemd 254+). */
function hasVerify(): boolean {
  return spawnSync('udevadm', ['verify', '--help'], { encoding: 'utf8' }).status === 0;
}

/**
 * udev's own complaints about the rules files in `rulesDir`: `udevadm verify` where it exists,
 * else `udevadm test` in a private mount namespace with `rulesDir` bound over
 * /etc/udev/rules.d, which parses every rules file and names each bad line.
 */
function udevComplaints(rulesDir: string, file: string): string[] {
  if (hasVerify()) {
    const r = spawnSync('udevadm', ['verify', '--resolve-names=never', join(rulesDir, file)], { encoding: 'utf8' });
    return r.status === 0 ? [] : `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes(file));
  }
  const r = spawnSync(
    'unshare',
    ['-m', '--propagation', 'private', 'sh', '-c', `mount --bind ${rulesDir} /etc/udev/rules.d && udevadm test /devices/virtual/tty/ptmx`],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (!out.includes(`Reading rules file: /etc/udev/rules.d/${file}`)) return [`udevadm test did not read ${file}: ${out.slice(0, 500)}`];
  // The tillgate group is created when Tillgate is installed; a build machine does not have it.
  return out.split('\n').filter((l) => l.startsWith(`/etc/udev/rules.d/${file}:`) && !/Unknown group 'tillgate'/.test(l));
}

const ok = requireStack(STACKS.udevadm) && (hasVerify() || requireStack(STACKS.unshare));

describe.skipIf(!ok)('udev rules for printers and readers (GW-1)', () => {
  it('GW-1: udev accepts systemd/61-tillgate.rules (stable /dev/tillgate/* names, group tillgate)', () => {
    copyFileSync(RULES, join(dir, '61-tillgate.rules'));
    expect(udevComplaints(dir, '61-tillgate.rules')).toEqual([]);
    const text = readFileSync(RULES, 'utf8');
    for (const s of ['usbmisc', 'tty', 'input', 'usb']) expect(text).toContain(`SUBSYSTEM=="${s}"`);
    expect(text).toMatch(/SYMLINK\+="tillgate\//);
  });

  it('GW-1: the check is real: a broken rule is named by line', () => {
    const bad = mkdtempSync(join(dir, 'bad-'));
    writeFileSync(join(bad, '61-broken.rules'), 'SUBSYSTEM=="tty", SYMLINK+="tillgate/x"\nNOSUCHKEY=="1", GROUP="tillgate"\n');
    expect(udevComplaints(bad, '61-broken.rules').join('\n')).toMatch(/61-broken\.rules:2/);
  });
});
