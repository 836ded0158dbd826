import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireStack, STACKS } from '../helpers/require-stack.js';

const ROOT = resolve(import.meta.dirname, '../..');
const UNIT = readFileSync(join(ROOT, 'systemd/tillgate.service'), 'utf8');
/** What `systemd-analyze security` scored the unit when it was last tightened (systemd 252); a loosening fails. */
const MAX_EXPOSURE = 1.7;

/** The values of `key=` lines in the [Service] section, in order. */
function directive(key: string): string[] {
  return UNIT.split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
}

describe('systemd unit (GW-7)', () => {
  it('GW-7: the unit runs the installed release as the tillgate user, with the layout docs/operations.md installs', () => {
    expect(directive('ExecStart')).toEqual(['/usr/bin/node /opt/tillgate/current/bin/tillgate.js start --config /etc/tillgate/tillgate.yaml']);
    expect(directive('Type')).toEqual(['notify']);
    // systemd-notify (a child of the daemon) sends the datagrams: see src/systemd-notify.ts.
    expect(directive('NotifyAccess')).toEqual(['all']);
    expect(directive('User')).toEqual(['tillgate']);
    expect(directive('StateDirectory')).toEqual(['tillgate']);
    const ops = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    for (const text of ['/opt/tillgate/current', 'systemd/tillgate.service', 'systemd/61-tillgate.rules', '/etc/tillgate/tillgate.yaml', '/var/lib/tillgate']) {
      expect(ops, text).toContain(text);
    }
    // The udev rules hand devices to the group the service runs as.
    const rules = readFileSync(join(ROOT, 'systemd/61-tillgate.rules'), 'utf8');
    const groups = new Set([...rules.matchAll(/GROUP="([^"]+)"/g)].map((m) => m[1]));
    expect([...groups]).toEqual(directive('Group'));
  });

  describe.skipIf(!requireStack(STACKS.systemdAnalyze))('with systemd-analyze', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillgate-unit-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // verify checks that ExecStart's program exists; where node is not /usr/bin/node (a CI image
    // with node elsewhere) the copy names this node instead. Nothing else changes.
    const unitFile = join(dir, 'tillgate.service');
    writeFileSync(unitFile, existsSync('/usr/bin/node') ? UNIT : UNIT.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));

    it('GW-7: systemd-analyze verify accepts the unit without a warning', () => {
      const r = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8', timeout: 30_000 });
      expect(r.stderr.split('\n').filter((l) => l.includes('tillgate.service'))).toEqual([]);
      expect(r.status).toBe(0);
    });

    it(`GW-7: systemd-analyze security rates the unit's exposure at most ${MAX_EXPOSURE}`, () => {
      const r = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unitFile], { encoding: 'utf8', timeout: 30_000 });
      const m = /Overall exposure level for tillgate\.service: ([\d.]+)/.exec(r.stdout);
      expect(m, r.stdout + r.stderr).not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual(MAX_EXPOSURE);
    });
  });
});
