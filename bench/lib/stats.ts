/** Shared benchmark helpers: time a function many times and report p50/p99 and ratios. */
import { performance } from 'node:perf_hooks';

export interface Stats {
  name: string;
  n: number;
  p50: number;
  p99: number;
  mean: number;
  /** Unit of p50/p99/mean. */
  unit: 'µs' | 'ms';
}

export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export function summarize(name: string, samplesMs: number[], unit: 'µs' | 'ms' = 'µs'): Stats {
  const k = unit === 'µs' ? 1000 : 1;
  const sorted = samplesMs.map((s) => s * k).sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { name, n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean, unit };
}

/** Time `fn` `n` times after `warmup` untimed calls; returns per-call samples in ms. */
export function timeSync(fn: (i: number) => unknown, n: number, warmup = Math.min(1000, n)): number[] {
  for (let i = 0; i < warmup; i++) fn(i);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    out[i] = performance.now() - t0;
  }
  return out;
}

export async function timeAsync(fn: (i: number) => Promise<unknown>, n: number, warmup = Math.min(200, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out[i] = performance.now() - t0;
  }
  return out;
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Print a table of stats; `baseline` (a row name) adds a p50 ratio column against it. */
export function report(title: string, rows: Stats[], baseline?: string): void {
  const base = rows.find((r) => r.name === baseline);
  console.log(`\n## ${title}`);
  console.log('| case | n | p50 | p99 | mean |' + (base ? ` p50 ÷ ${base.name} |` : ''));
  console.log('|---|---|---|---|---|' + (base ? '---|' : ''));
  for (const r of rows) {
    const ratio = base ? ` ${(r.p50 / base.p50).toFixed(2)}× |` : '';
    console.log(`| ${r.name} | ${r.n} | ${fmt(r.p50)} ${r.unit} | ${fmt(r.p99)} ${r.unit} | ${fmt(r.mean)} ${r.unit} |${ratio}`);
  }
}
