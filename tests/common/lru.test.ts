import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/common/lru.js';

describe('LruCache (the hot-row cache of basket evaluation, GW-8)', () => {
  it('GW-8: holds at most its capacity and forgets the least recently used first; a hit counts as a use', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3); // b leaves
    expect(c.size).toBe(2);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    c.set('a', 10); // replacing keeps the size
    expect(c.size).toBe(2);
    expect(c.get('a')).toBe(10);
    c.delete('a');
    expect(c.get('a')).toBeUndefined();
    c.clear();
    expect(c.size).toBe(0);
  });

  it('GW-8: capacity 0 keeps nothing', () => {
    const c = new LruCache<string, number>(0);
    c.set('a', 1);
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
  });
});
