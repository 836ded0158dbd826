import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../helpers/require-stack.js';

/** Where browser tests leave their screenshots (git-ignored; CI keeps them as artifacts). */
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/console');

/** The store-box screen size the console must be usable at. */
export const STORE_SCREEN = { width: 1024, height: 600 };

export interface Browser {
  page: Page;
  /** Save a full-viewport screenshot as test-artifacts/console/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile in a temp dir and nothing that reaches out
 * (no sync, updates, background networking or QUIC), at 1024×600.
 */
export async function openChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'tg-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: STORE_SCREEN,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 30_000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    shot: async (name) => void (await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
