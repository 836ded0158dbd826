import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';

const bigDoc = JSON.stringify({ lines: Array.from({ length: 80 }, (_, i) => ({ text: `Line ${i} ÄÖÜ õ € WWWWW`, size: 'double', bold: true })) });

describe('whole process: receipt preview (GW-3, GW-5)', () => {
  it('GW-5, GW-3: in the spawned daemon the preview worker starts, renders, and /v1/health is answered while a big preview is in flight', async () => {
    const { file } = writeDaemonConfig(
      TEST_CONFIG_YAML.replace('./unused.db', './store.db') +
        'devices:\n  - { id: receipt, kind: printer, transport: { type: file, path: /nonexistent/usb/lp0 } }\n',
    );
    const d = await spawnDaemon(file);
    try {
      const warm = await d.fetch(`/v1/printers/receipt/preview`); // the test page; starts the worker
      expect(warm.status).toBe(200);
      expect(warm.headers.get('content-type')).toBe('image/png');
      const post = () => d.fetch(`/v1/printers/receipt/preview`, { method: 'POST', body: bigDoc, headers: { 'content-type': 'application/json' } });
      // Two requests race to the renderer; the attempt counts when the big one won, which the
      // second one's preview_busy proves (bounded: a few attempts).
      let proven = false;
      for (let attempt = 0; attempt < 5 && !proven; attempt++) {
        const order: string[] = [];
        const big = post().then((r) => (order.push('preview'), r));
        const busy = await post();
        if (busy.status !== 429) {
          await busy.arrayBuffer();
          await (await big).arrayBuffer();
          continue;
        }
        const health = await d.fetch(`/v1/health`);
        order.push('health');
        expect(health.status).toBe(200);
        expect(busy.headers.get('retry-after')).toBe('1');
        expect(((await busy.json()) as { code: string }).code).toBe('preview_busy');
        const res = await big;
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).readUInt32BE(20)).toBeGreaterThan(3800);
        expect(order).toEqual(['health', 'preview']);
        proven = true;
      }
      expect(proven).toBe(true);
    } finally {
      d.proc.kill('SIGTERM');
    }
    const ex = await d.exited;
    if (ex.code !== 0) console.log(d.logs.slice(-8).join('\n'));
    expect(ex.code).toBe(0);
  });
});
