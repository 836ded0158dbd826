import { describe, expect, it } from 'vitest';
import { component, startAll } from '../src/components.js';

describe('components (GW-7)', () => {
  it('GW-7: components start in order and stop in reverse', async () => {
    const log: string[] = [];
    const parts = ['lock', 'store', 'devices', 'http'].map((n) =>
      component(
        n,
        () => void log.push(`start ${n}`),
        () => void log.push(`stop ${n}`),
      ),
    );
    const running = await startAll(parts);
    await running.stop();
    expect(log).toEqual(['start lock', 'start store', 'start devices', 'start http', 'stop http', 'stop devices', 'stop store', 'stop lock']);
  });

  it('GW-7: when one fails to start, those already started are stopped in reverse and the error is thrown', async () => {
    const log: string[] = [];
    const parts = [
      component(
        'lock',
        () => void log.push('start lock'),
        () => void log.push('stop lock'),
      ),
      component(
        'store',
        () => void log.push('start store'),
        () => void log.push('stop store'),
      ),
      component(
        'http',
        () => Promise.reject(new Error('EADDRINUSE')),
        () => void log.push('stop http'),
      ),
      component(
        'jobs',
        () => void log.push('start jobs'),
        () => void log.push('stop jobs'),
      ),
    ];
    await expect(startAll(parts)).rejects.toThrow('EADDRINUSE');
    expect(log).toEqual(['start lock', 'start store', 'stop store', 'stop lock']);
  });
});
