import { stat } from 'node:fs/promises';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { databaseHealth } from '../engine/store-health.js';
import type { ApiDeps } from './env.js';

/**
 * The metric families of GET /metrics (docs/operations.md "Metrics"). Per-request work is one
 * histogram observe; everything read from other components (database and WAL size, outbox,
 * sync, devices) is read when scraped, from O(1) sources.
 */

/** Process-wide metrics (event-loop lag, CPU, memory, GC), registered once per process whatever the number of apps. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const DEVICE_STATES = ['ready', 'disconnected', 'error'] as const;
/** Print job outcomes (a job's final state, GET /v1/printers/{id}/jobs/{jobId}). */
const JOB_OUTCOMES = ['done', 'failed', 'in_doubt'] as const;

/** What the metrics read from components outside the API (wired by the composition root). */
export interface MetricsSources {
  /** Every configured device with its kind and state. */
  devices?: () => readonly { id: string; kind: string; state: string }[];
  /** The device event log: each `job.done` event counts a print job by outcome. */
  deviceEvents?: { subscribe(listener: (e: { type: string; data: unknown }) => void): () => void };
}

export type TimedUseCase = 'evaluate' | 'receiptClose';

export class ApiMetrics {
  private readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'tillgate_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status: time until the response starts (the _count is the request count)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly useCases = {
    evaluate: new Histogram({
      name: 'tillgate_evaluate_duration_seconds',
      help: 'Basket evaluation (POST /v1/baskets/evaluate), the use case alone',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [this.registry],
    }),
    receiptClose: new Histogram({
      name: 'tillgate_receipt_close_duration_seconds',
      help: 'Closing a receipt (POST /v1/receipts), the use case alone inside its savepoint; the COMMIT it shares with the receipts of the same group commit is in tillgate_http_request_duration_seconds{route="/v1/receipts"}; idempotent replays are not counted',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    }),
  };
  private readonly outboxPending = this.gauge('tillgate_outbox_pending_events', 'Outbox events central has not acknowledged');
  private readonly syncLag = this.gauge(
    'tillgate_sync_lag_seconds',
    'Age of the oldest event central has not acknowledged (0 when none waits or no central is configured)',
  );
  private readonly centralReachable = this.gauge(
    'tillgate_sync_central_reachable',
    '1 while central answers (0 when it does not, or no central is configured)',
  );
  private readonly dbSize = this.gauge('tillgate_database_size_bytes', 'Size of the database file');
  private readonly walSize = this.gauge('tillgate_database_wal_size_bytes', 'Size of the database write-ahead log (-wal file; 0 when absent)');
  private readonly dbOk = this.gauge(
    'tillgate_database_writable',
    '1 while the database can be written, 0 during a storage fault (disk full, read-only, I/O error)',
  );
  private readonly deviceState = new Gauge({
    name: 'tillgate_device_state',
    help: 'Each configured device: 1 for its current state, 0 for the others',
    labelNames: ['device', 'kind', 'state'] as const,
    registers: [this.registry],
  });
  private readonly printJobs = new Counter({
    name: 'tillgate_print_jobs_total',
    help: 'Print jobs finished, by printer and outcome (done, failed, in_doubt)',
    labelNames: ['printer', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly scrapeRegistry: Registry;

  constructor(
    private readonly deps: Pick<ApiDeps, 'ctx' | 'health' | 'version'>,
    private readonly sources: MetricsSources = {},
  ) {
    this.gauge('tillgate_build_info', 'Always 1; the version is a label', ['version']).set({ version: deps.version }, 1);
    sources.deviceEvents?.subscribe((e) => {
      if (e.type !== 'job.done') return;
      const d = e.data as { deviceId: string; state: string };
      this.printJobs.inc({ printer: d.deviceId, outcome: d.state });
    });
    this.scrapeRegistry = Registry.merge([processMetrics(), this.registry]);
  }

  get contentType(): string {
    return this.scrapeRegistry.contentType;
  }

  /** One finished request; `route` is the route pattern (never the raw path: no card numbers, bounded cardinality). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  /** Run a use case and record how long it took (only when it returns). */
  time<T>(useCase: TimedUseCase, fn: () => T): T {
    const t0 = performance.now();
    const out = fn();
    this.useCases[useCase].observe((performance.now() - t0) / 1000);
    return out;
  }

  /** The Prometheus text exposition, with the gauges read now. */
  async scrape(): Promise<string> {
    await this.refresh();
    return this.scrapeRegistry.metrics();
  }

  private async refresh(): Promise<void> {
    const db = databaseHealth(this.deps.ctx);
    const sync = this.deps.health?.sync?.();
    this.outboxPending.set(sync?.pendingEvents ?? db.outboxPending);
    this.syncLag.set(sync?.lagS ?? 0);
    this.centralReachable.set(sync?.centralReachable ? 1 : 0);
    this.dbOk.set(db.ok ? 1 : 0);
    const path = this.deps.ctx.config.database?.path;
    if (path !== undefined) {
      const [main, wal] = await Promise.all([fileSize(path), fileSize(`${path}-wal`)]);
      this.dbSize.set(main);
      this.walSize.set(wal);
    }
    const devices = this.sources.devices?.() ?? [];
    this.deviceState.reset();
    for (const d of devices) {
      for (const s of DEVICE_STATES) this.deviceState.set({ device: d.id, kind: d.kind, state: s }, d.state === s ? 1 : 0);
      // Every outcome of every printer is present from the first scrape, so rate() and alerts see 0, not an absent series.
      if (d.kind === 'printer') for (const o of JOB_OUTCOMES) this.printJobs.inc({ printer: d.id, outcome: o }, 0);
    }
  }

  private gauge(name: string, help: string, labelNames: string[] = []): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
