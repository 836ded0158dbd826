/**
 * A load client in a worker thread of the bench process. The measured server is another process
 * (server-process.ts), so the client never shares its event loop or its core's time slice with it. `measure(url, bodies, n)` posts the bodies in turn over keep-alive
 * (node:http with an Agent: lighter than fetch, so the client adds less to what is measured)
 * and returns per-request latencies in ms.
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function send(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
parentPort.on('message', async ({ url, bodies, headers, n, warmup, concurrency, method }) => {
  const samples = new Array(n);
  let next = -warmup;
  let failed = null;
  async function one(i) {
    const b = bodies[(i + warmup) % bodies.length];
    const h = method === 'GET' ? { ...headers } : { 'content-type': 'application/json', ...headers };
    if (b.key) h['idempotency-key'] = b.key + ':' + i;
    const t0 = performance.now();
    const r = await send(method, b.url ?? url, h, method === 'GET' ? undefined : b.body);
    const dt = performance.now() - t0;
    if (r.status >= 300 && !failed) failed = r.status + ' ' + url + ' ' + r.text.slice(0, 300);
    if (i >= 0) samples[i] = dt;
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) { const i = next++; await one(i); }
  }));
  parentPort.postMessage({ samples, wallMs: performance.now() - t0, failed });
});
`;

export interface Measured {
  samples: number[];
  wallMs: number;
}

export class HttpClient {
  private readonly worker = new Worker(WORKER, { eval: true });

  /** POST each body in turn (GET: each `url` in turn, `body` ignored). */
  measure(
    url: string,
    bodies: { body?: string; key?: string; url?: string }[],
    n: number,
    opts: { warmup?: number; concurrency?: number; headers?: Record<string, string>; method?: 'GET' | 'POST' } = {},
  ): Promise<Measured> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: Measured & { failed: string | null }) => (m.failed ? reject(new Error(`request failed: ${m.failed}`)) : resolve(m)));
      this.worker.postMessage({
        url,
        bodies,
        n,
        warmup: opts.warmup ?? 200,
        concurrency: opts.concurrency ?? 1,
        headers: opts.headers ?? {},
        method: opts.method ?? 'POST',
      });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
