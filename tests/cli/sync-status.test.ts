import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncStatusCommand } from '../../src/cli/sync-status.js';
import { createCard, topUp } from '../../src/engine/cards/cards.js';
import { engineFixture, TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { aPerson } from '../helpers/factories.js';

describe('tillgate sync status (GW-6)', () => {
  it('GW-6: with no daemon running it reads pending events and last push/pull from the store file, read-only', async () => {
    const f = engineFixture();
    try {
      const c = aPerson(f.ctx);
      const card = createCard(f.ctx, c.id, { type: 'credit' });
      topUp(f.ctx, card.number, { amount: 100 });
      topUp(f.ctx, card.number, { amount: 100 });
      f.ctx.store.db.tx(() => f.ctx.store.sync.set('last_pull_at', '2026-11-22T09:00:00.000Z'));
      f.ctx.store.close();
      const file = join(f.dir, 'tillgate.yaml');
      // Port 9 (discard) on loopback: nothing answers, so the command falls back to the file.
      writeFileSync(file, TEST_CONFIG_YAML.replace('database: { path: ./unused.db }', 'database: { path: ./store.db }'));
      const lines: string[] = [];
      const code = await syncStatusCommand(file, 9, (l) => lines.push(l));
      expect(code).toBe(0);
      const text = lines.join('\n');
      expect(text).toMatch(/source: +store file .*store\.db \(daemon not running\)/);
      // SYNC-1: customer.created, card.created and the two top-ups.
      expect(text).toMatch(/pendingEvents: +4/);
      expect(text).toMatch(/lastPullAt: +2026-11-22T09:00:00.000Z/);
      expect(text).toMatch(/lastPushAt: +-/);
      expect(text).toMatch(/centralReachable: +false/);
    } finally {
      f.close();
    }
  });
});
