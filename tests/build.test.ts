import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from './helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig } from './helpers/spawn-daemon.js';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD_TIMEOUT_MS = 240_000; // tsc over all of src/ on a shared 2-core machine (emit only: npm test typechecks)

/**
 * The production build (GW-7): `scripts/build.mjs --release DIR` is what docs/operations.md
 * installs under /opt/tillgate/<version>/. The release gets this checkout's node_modules through a
 * symlink (on a box it is `npm ci --omit=dev`), and the daemon runs from it with plain node (the release has no src/, so
 * bin/tillgate.js cannot fall back to the sources).
 */
describe('production build and release (GW-7)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tillgate-build-'));
  const release = join(tmp, 'tillgate-release');

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--release', release, '--no-check'], { stdio: 'pipe', timeout: BUILD_TIMEOUT_MS });
    symlinkSync(join(ROOT, 'node_modules'), join(release, 'node_modules'), 'dir');
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('GW-7: the release holds the compiled daemon, its migrations and the unit, and no sources', () => {
    expect(readdirSync(release).sort()).toEqual(['README.md', 'bin', 'config', 'dist', 'docs', 'node_modules', 'package-lock.json', 'package.json', 'systemd']);
    for (const dir of ['engine/store/migrations', 'central/migrations', 'console']) {
      const built = readdirSync(join(release, 'dist', dir));
      expect(built).toEqual(readdirSync(join(ROOT, 'src', dir)));
    }
    expect(existsSync(join(release, 'dist/cli/index.js'))).toBe(true);
    // Every worker thread's entry, beside the module that starts it (src/common/worker-thread.ts).
    for (const worker of ['api/preview/worker.js', 'engine/store/backup-worker.js', 'engine/vouchers/campaign-worker.js'])
      expect(existsSync(join(release, 'dist', worker))).toBe(true);
    expect(existsSync(join(release, 'systemd/tillgate.service'))).toBe(true);
    expect(existsSync(join(release, 'src'))).toBe(false);
  });

  it('GW-7: bin/tillgate.js runs the built daemon with plain node: health answers, a preview renders in the compiled worker and the console is served', async () => {
    const { file } = writeDaemonConfig(
      TEST_CONFIG_YAML.replace('./unused.db', './store.db') +
        'devices:\n  - { id: receipt, kind: printer, transport: { type: file, path: /nonexistent/usb/lp0 } }\n',
    );
    const d = await spawnDaemon(file, 20_000, { entry: join(release, 'bin/tillgate.js') });
    try {
      const health = await d.fetch('/v1/health');
      expect(health.status).toBe(200);
      const body = (await health.json()) as { status: string; version: string; db: { ok: boolean } };
      expect(body).toMatchObject({ status: 'ok', db: { ok: true } });
      expect(body.version).toBe((JSON.parse(readFileSync(join(release, 'package.json'), 'utf8')) as { version: string }).version);
      const preview = await d.fetch('/v1/printers/receipt/preview'); // the test page, drawn in dist/api/preview/worker.js
      expect(preview.status).toBe(200);
      expect(preview.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await preview.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
      const page = await fetch(`${d.base}/console`); // the technician console's static files, from dist/console (not API: plain fetch)
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect((await fetch(`${d.base}/console/main.js`)).status).toBe(200);
    } finally {
      d.proc.kill('SIGTERM');
    }
    expect((await d.exited).code).toBe(0);
  });
});
