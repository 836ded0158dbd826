import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/common/check-digits.js';
import { DRAWER_KICK } from '../../src/drivers/printer/escpos.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { FakePrinter } from '../helpers/fake-printer.js';
import { freePortPair, TestPcscd } from '../helpers/pcscd.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { PtyPair } from '../helpers/socat-pty.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';
import { uidCard, VirtualCard } from '../helpers/virtual-card.js';
import { waitFor } from '../helpers/wait-for.js';
import { openChromium, STORE_SCREEN, type Browser } from './browser.js';

const ok = requireStack(STACKS.chromium, STACKS.socat, STACKS.pcsclite, STACKS.pcscd, STACKS.vpcd, STACKS.unshare);

/** A loyalty number of the test config's scheme (6009…, 16 digits, Luhn), carried as a 7-byte contactless UID. */
const PAYLOAD = '600912345678002';
const CARD_NUMBER = PAYLOAD + String(luhnCheckDigit(PAYLOAD));
const UID = Buffer.from(BigInt(CARD_NUMBER).toString(16).padStart(14, '0'), 'hex');

describe.skipIf(!ok)('technician console in real Chromium (GW-4, GW-7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-console-'));
  const cable = new PtyPair(join(dir, 'till-printer'), join(dir, 'printer'));
  let pcscd: TestPcscd;
  let vpcdPort: number;
  let daemon: SpawnedDaemon;
  let browser: Browser;
  let printer: FakePrinter | null = null;
  let configFile: string;

  beforeAll(async () => {
    vpcdPort = await freePortPair();
    pcscd = new TestPcscd(dir, vpcdPort);
    pcscd.useInThisProcess(); // the spawned daemon inherits PCSCLITE_CSOCK_NAME
    await pcscd.start();
    // The printer's serial cable is not plugged in yet: the daemon starts with it disconnected.
    const { file } = writeDaemonConfig(
      `${TEST_CONFIG_YAML.replace('./unused.db', './store.db')}devices:
  - { id: receipt, kind: printer, name: Receipt printer, transport: { type: serial, path: ${cable.a} }, statusIntervalMs: 200 }
  - { id: nfc, kind: smartcard, reader: Virtual PCD 00 00, number: { method: uid, format: decimal, digits: 16 } }
`,
      dir,
    );
    configFile = file;
    daemon = await spawnDaemon(file);
    browser = await openChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    daemon?.proc.kill('SIGTERM');
    await daemon?.exited;
    await printer?.close();
    await cable.unplug();
    await pcscd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('GW-7: the console loads at 1024×600 from loopback without a token, with its strict CSP, and shows every panel', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`)));
    const res = await page.goto(`${daemon.base}/console`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('#link[data-state="live"]').waitFor();
    await page.locator('[data-device="receipt"]').waitFor();
    await page.locator('#health [data-field="pending"]').waitFor();
    expect(await page.locator('#token-form').isHidden()).toBe(true);
    // The running config is shown with secrets hidden, and the file on disk checks out.
    await expect.poll(() => page.locator('#config-check').getAttribute('data-ok')).toBe('true');
    const config = await page.locator('#config').textContent();
    expect(config).toContain('"token": "***"');
    expect(config).not.toContain('admin-token-0123456789');
    // Usable at the store-box size: nothing is wider than the screen, the main buttons are on it.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(STORE_SCREEN.width);
    for (const sel of ['#devices-panel', '#reads-panel', '#status-panel', '#config-panel', '#preview-panel', '#reload']) {
      const box = await page.locator(sel).boundingBox();
      expect(box, sel).not.toBeNull();
      expect(box!.x + box!.width, sel).toBeLessThanOrEqual(STORE_SCREEN.width);
      expect(box!.y + box!.height, sel).toBeLessThanOrEqual(STORE_SCREEN.height);
    }
    await browser.shot('1-loaded');
    expect(errors).toEqual([]);
  });

  it('GW-4: a virtual printer goes from disconnected to ready live (SSE), with paper, cover and drawer', async () => {
    const { page } = browser;
    const card = page.locator('[data-device="receipt"]');
    expect(await card.getAttribute('data-state')).toBe('disconnected');
    await browser.shot('2-printer-disconnected');
    await cable.plug();
    printer = new FakePrinter(cable.b);
    await printer.open();
    await page.locator('[data-device="receipt"][data-state="ready"]').waitFor();
    await expect.poll(() => card.locator('[data-field="paper"]').textContent()).toBe('ok');
    expect(await card.locator('[data-field="cover"]').textContent()).toBe('closed');
    await browser.shot('3-printer-ready');
  });

  it('GW-4: pressing "Test page" prints it and the console shows the job done', async () => {
    const { page } = browser;
    const before = printer!.printed.length;
    await page.locator('[data-device="receipt"] [data-action="test-page"]').click();
    await page.locator('#jobs li[data-state="done"]').waitFor();
    expect(printer!.printed.length).toBeGreaterThan(before);
    await browser.shot('4-test-page-done');
  });

  it('GW-3: pressing "Open drawer" sends the drawer kick to the printer', async () => {
    const kick = Buffer.from(DRAWER_KICK);
    const before = printer!.printed.length;
    await browser.page.locator('[data-device="receipt"] [data-action="drawer"]').click();
    await waitFor(() => printer!.printed.subarray(before).includes(kick), 'drawer kick bytes');
  });

  it('GW-2, GW-7: inserting a virtual card shows the read with the number masked; the full number never reaches the page', async () => {
    const { page } = browser;
    const card = new VirtualCard(vpcdPort, uidCard(UID));
    await card.insert();
    try {
      const read = page.locator('#reads li[data-read="nfc"] .number');
      await read.waitFor();
      expect(await read.textContent()).toBe(`6009 •••• •••• ${CARD_NUMBER.slice(-4)}`);
      expect(await page.content()).not.toContain(CARD_NUMBER);
      await browser.shot('5-card-read');
    } finally {
      await card.remove();
    }
  });

  it('GW-3: the receipt preview of a typed document is rendered as an image', async () => {
    const { page } = browser;
    await page.locator('#preview-doc').fill(JSON.stringify({ lines: [{ text: 'Console preview', align: 'center' }, { cut: true }] }));
    await page.locator('#preview-form button[type="submit"]').click();
    const img = page.locator('#preview-img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await browser.shot('6-preview');
  });

  it('GW-4: "Reload config" applies an edited file and shows what changed; a broken file is refused with its problems and the old config stays', async () => {
    const { page } = browser;
    const good = readFileSync(configFile, 'utf8');
    appendFileSync(configFile, 'logging: { level: debug }\n');
    await page.locator('#reload').click();
    const ok = page.locator('#reload-result [data-reload="ok"]');
    await ok.waitFor();
    expect(await ok.textContent()).toContain('logging.level');
    await browser.shot('6b-reload-ok');

    writeFileSync(configFile, `${good}backup: { dir: ./backups, keep: -1 }\n`);
    await page.locator('#reload').click();
    const refused = page.locator('#reload-result [data-reload="invalid"]');
    await refused.waitFor();
    expect(await page.locator('#reload-result li').first().textContent()).toContain('backup.keep');
    await expect.poll(() => page.locator('#config-check').getAttribute('data-ok')).toBe('false');
    await browser.shot('6c-reload-refused');
    // The daemon kept serving with the config in force.
    expect((await fetch(`${daemon.base}/v1/health`)).status).toBe(200);
    writeFileSync(configFile, good);
  });
});

describe.skipIf(!requireStack(STACKS.chromium))('technician console with a token (GW-7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-console-token-'));
  let daemon: SpawnedDaemon;
  let browser: Browser;

  beforeAll(async () => {
    // requireTokenOnLoopback makes this browser a caller from "another machine".
    const { file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db').replace('api:\n', 'api:\n  requireTokenOnLoopback: true\n'), dir);
    daemon = await spawnDaemon(file);
    browser = await openChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    daemon?.proc.kill('SIGTERM');
    await daemon?.exited;
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('GW-7: without a token the console asks for one; a till token is refused; the admin token typed once opens it, sent as Bearer only', async () => {
    const { page } = browser;
    const sentInUrl: string[] = [];
    page.on('request', (r) => void (r.url().includes('token') && sentInUrl.push(r.url())));
    await page.goto(`${daemon.base}/console`);
    await page.locator('#token-form').waitFor();
    expect(await page.locator('#link').getAttribute('data-state')).toBe('auth');
    await browser.shot('7-token-asked');
    await page.locator('#token').fill('till-token-0123456789');
    await page.locator('#token-form button[type="submit"]').click();
    await page.locator('#notice', { hasText: 'not an admin token' }).waitFor();
    await page.locator('#token').fill('admin-token-0123456789');
    await page.locator('#token-form button[type="submit"]').click();
    await page.locator('#link[data-state="live"]').waitFor();
    expect(await page.locator('#token-form').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#config-check').getAttribute('data-ok')).toBe('true');
    expect(await page.content()).not.toContain('admin-token-0123456789');
    expect(sentInUrl).toEqual([]);
    await browser.shot('8-token-accepted');
  });
});
