import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { parsePrometheusText, value } from '../helpers/prometheus-text.js';
import { spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';
import { tcpPrinter } from '../helpers/tcp-printer.js';
import { waitFor } from '../helpers/wait-for.js';

const AT = () => new Date().toISOString();

describe('whole process: /metrics and request-scoped logs', () => {
  it('GW-7: a spawned daemon logs JSON lines carrying the X-Request-Id of their request, and /metrics shows its real database, devices and print jobs', async () => {
    const printer = await tcpPrinter();
    const { file } = writeDaemonConfig(
      TEST_CONFIG_YAML.replace('./unused.db', './data/store.db') +
        'logging: { level: debug }\n' +
        `devices:\n  - { id: receipt, kind: printer, transport: { type: tcp, host: 127.0.0.1, port: ${printer.port} } }\n` +
        '  - { id: gone, kind: printer, transport: { type: file, path: /nonexistent/usb/lp0 } }\n',
    );
    const d = await spawnDaemon(file);
    try {
      // A 4xx and a receipt, each with the till's own request id.
      const lookup = await d.fetch('/v1/cards/6009000000000016', { headers: { 'x-request-id': 'till-3.lookup-1' } });
      expect([lookup.status, lookup.headers.get('x-request-id')]).toEqual([404, 'till-3.lookup-1']);
      const lines = [{ sku: 'COLA', qty: 1, unitPrice: 250 }];
      const evaluated = await d.fetch('/v1/baskets/evaluate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ at: AT(), lines }),
      });
      expect(evaluated.status).toBe(200);
      expect(evaluated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const receipt = await d.fetch('/v1/receipts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-r1', 'x-request-id': 'till-3.receipt-1' },
        body: JSON.stringify({ tillId: 't3', receiptNo: 'r1', at: AT(), lines, payments: [{ method: 'cash', amount: 250 }] }),
      });
      expect([receipt.status, receipt.headers.get('x-request-id')]).toEqual([201, 'till-3.receipt-1']);
      const deviceState = async () => ((await (await d.fetch('/v1/devices/receipt')).json()) as { state: string }).state;
      await waitFor(async () => (await deviceState()) === 'ready', 'printer ready');
      const job = await d.fetch('/v1/printers/receipt/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-j1' },
        body: JSON.stringify({ lines: [{ text: 'Aitäh!' }, { cut: true }] }),
      });
      expect(job.status).toBe(202);
      const { jobId } = (await job.json()) as { jobId: string };
      await waitFor(async () => ((await (await d.fetch(`/v1/printers/receipt/jobs/${jobId}`)).json()) as { state: string }).state === 'done', 'job done');

      // Logs: JSON (stdout is no TTY), and the lines of each request carry its id.
      await waitFor(() => d.logs.some((l) => l.includes('till-3.receipt-1')), 'the receipt request logged');
      const records = d.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.filter((r) => r.reqId === 'till-3.lookup-1')).toEqual([
        expect.objectContaining({ msg: 'request', status: 404, path: '/v1/cards/************0016' }),
      ]);
      expect(records.filter((r) => r.reqId === 'till-3.receipt-1')).toEqual([expect.objectContaining({ msg: 'request', status: 201, method: 'POST' })]);
      expect(records.find((r) => r.msg === 'tillgate listening')).not.toHaveProperty('reqId');
      // At the default level too a refused request leaves its line (info); a 2xx only at debug.
      expect(records.find((r) => r.reqId === 'till-3.lookup-1')).toMatchObject({ level: 30 });
      expect(records.find((r) => r.reqId === 'till-3.receipt-1')).toMatchObject({ level: 20 });

      // Metrics from the real components.
      const res = await d.fetch('/metrics');
      expect(res.status).toBe(200);
      const m = parsePrometheusText(await res.text());
      expect(value(m, 'tillgate_http_request_duration_seconds_count', { route: '/v1/cards/:number', method: 'GET', status: '404' })).toBe(1);
      expect(value(m, 'tillgate_evaluate_duration_seconds_count')).toBe(1);
      expect(value(m, 'tillgate_receipt_close_duration_seconds_count')).toBe(1);
      expect(value(m, 'tillgate_outbox_pending_events')).toBeGreaterThan(0);
      expect(value(m, 'tillgate_sync_lag_seconds')).toBe(0);
      expect(value(m, 'tillgate_device_state', { device: 'receipt', state: 'ready' })).toBe(1);
      expect(value(m, 'tillgate_device_state', { device: 'gone', state: 'disconnected' })).toBe(1);
      expect(value(m, 'tillgate_print_jobs_total', { printer: 'receipt', outcome: 'done' })).toBe(1);
      expect(value(m, 'tillgate_database_size_bytes')).toBeGreaterThan(0);
      expect(value(m, 'tillgate_database_wal_size_bytes')).toBeGreaterThan(0);
      expect(value(m, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
      expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      d.proc.kill('SIGTERM');
      await d.exited;
      await printer.close();
    }
    expect(d.logs.join('\n')).not.toContain('6009000000000016');
  });
});
