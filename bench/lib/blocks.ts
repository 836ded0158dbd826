/**
 * Interleaved blocks: every case (the measured route and its floor) is measured in a block of n
 * requests, the cases one after another, and the round repeated ≥ 3 times with the order rotated,
 * so a burst of load from elsewhere on the box hits both alike. Each block gives one p50 and one
 * p99; the report prints min / median of those over the repeats and the ratio of the medians.
 */
import type { HttpClient } from './http-client.js';
import { percentile } from './stats.js';

export interface Body {
  body?: string;
  key?: string;
  url?: string;
}

export interface BlockCase {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  concurrency?: number;
  /** The bodies of one block (n + warmup of them when each must be new, e.g. receipts). */
  bodies: (repeat: number) => Body[] | Promise<Body[]>;
}

export interface BlockResult {
  name: string;
  concurrency: number;
  /** Per repeat, µs. */
  p50: number[];
  p99: number[];
  /** Per repeat, requests per second over the block's wall time. */
  rate: number[];
}

export async function interleave(client: HttpClient, cases: BlockCase[], opts: { repeats?: number; n: number; warmup?: number }): Promise<BlockResult[]> {
  const repeats = Math.max(3, opts.repeats ?? 3);
  const out = cases.map((c) => ({ name: c.name, concurrency: c.concurrency ?? 1, p50: [] as number[], p99: [] as number[], rate: [] as number[] }));
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < cases.length; k++) {
      const idx = (k + r) % cases.length;
      const c = cases[idx]!;
      const m = await client.measure(c.url, await c.bodies(r), opts.n, {
        method: c.method ?? 'POST',
        concurrency: c.concurrency ?? 1,
        warmup: opts.warmup ?? 200,
      });
      const sorted = m.samples.map((s) => s * 1000).sort((a, b) => a - b);
      out[idx]!.p50.push(percentile(sorted, 50));
      out[idx]!.p99.push(percentile(sorted, 99));
      out[idx]!.rate.push(opts.n / (m.wallMs / 1000));
    }
  }
  return out;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
export const min = (xs: number[]): number => Math.min(...xs);
export const fmtUs = (us: number): string =>
  us < 100 ? `${us.toFixed(1)} µs` : us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`;

/** Print min / median of p50 and p99 per case, req/s, and each case's median p50 (and p99) ÷ the floor's. */
export function printBlocks(title: string, rows: BlockResult[], floor: string): void {
  const base = rows.find((r) => r.name === floor);
  console.log(`\n## ${title}`);
  console.log(`${rows[0]?.p50.length ?? 0} repeats of interleaved blocks; min / median over the repeats; ratio = median ÷ median of "${floor}"`);
  console.log('| case | conns | p50 min / median | p99 min / median | req/s (median) | p50 ÷ floor | p99 ÷ floor |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const k50 = base ? `${(median(r.p50) / median(base.p50)).toFixed(2)}×` : '';
    const k99 = base ? `${(median(r.p99) / median(base.p99)).toFixed(2)}×` : '';
    console.log(
      `| ${r.name} | ${r.concurrency} | ${fmtUs(min(r.p50))} / ${fmtUs(median(r.p50))} | ${fmtUs(min(r.p99))} / ${fmtUs(median(r.p99))} | ${median(r.rate).toFixed(0)} | ${k50} | ${k99} |`,
    );
  }
}
