import { randomUUID } from 'node:crypto';
import { silentLogger } from '../common/logger.js';
import { loadConfig } from '../config/load.js';
import { createDeviceHub } from '../drivers/hub.js';
import { MemoryPrintJournal } from '../drivers/print-journal.js';
import type { UsbBinding } from '../drivers/transport/usb-binding.js';
import { findDaemon, type DaemonClient } from './daemon-client.js';

export interface PrintTestIo {
  out?: (line: string) => void;
  usb?: UsbBinding;
  connectTimeoutMs?: number;
  printTimeoutMs?: number;
  /** The daemon's port when it differs from the config (`--port`). */
  port?: number;
}

const EX_USAGE = 64;
const EX_UNAVAILABLE = 69;

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** `tillgate print-test <deviceId>`: print the test page (code-page letters, styles, barcodes, QR) (GW-4). */
export async function printTestCommand(configFile: string, args: string[], io: PrintTestIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => console.log(l));
  const id = args[0];
  if (!id) {
    out('usage: tillgate print-test DEVICE [--config FILE]');
    return EX_USAGE;
  }
  const config = loadConfig(configFile);
  const cfg = config.devices.find((d) => d.id === id);
  if (!cfg || cfg.kind !== 'printer') {
    const printers = config.devices.filter((d) => d.kind === 'printer').map((d) => d.id);
    out(`no printer "${id}" in ${configFile}; printers: ${printers.join(', ') || '(none)'}`);
    return EX_USAGE;
  }
  // A running daemon holds the printer (one TCP session, a locked serial port): ask it.
  const daemon = await findDaemon(config, io.port);
  if (daemon) return viaDaemon(daemon, id, out, io.printTimeoutMs ?? 30_000);
  const hub = createDeviceHub({
    devices: [cfg],
    cardSchemes: config.cardSchemes,
    logger: silentLogger(),
    journal: new MemoryPrintJournal(),
    ...(io.usb ? { usb: io.usb } : {}),
    backoff: { minMs: 250, maxMs: 1000 },
  });
  await hub.start();
  try {
    if (!(await until(() => hub.get(id).state === 'ready', io.connectTimeoutMs ?? 10_000))) {
      const s = hub.get(id);
      out(`${id}: ${s.state}: ${s.detail}`);
      return EX_UNAVAILABLE;
    }
    const info = hub.get(id);
    if (info.paper) out(`${id}: paper ${info.paper}, cover ${info.coverOpen ? 'open' : 'closed'}`);
    const job = hub.printTestPage(id);
    await until(() => !['queued', 'printing'].includes(hub.jobStatus(id, job.jobId).state), io.printTimeoutMs ?? 30_000);
    const done = hub.jobStatus(id, job.jobId);
    out(`${id}: test page ${done.state}${done.detail ? ` (${done.detail})` : ''}`);
    return done.state === 'done' ? 0 : 1;
  } catch (e) {
    out(`${id}: ${(e as Error).message}`);
    return 1;
  } finally {
    await hub.stop();
  }
}

const FINAL = (state: unknown) => state !== 'queued' && state !== 'printing';

/** The test page through the daemon's API: POST /v1/printers/{id}/test-page, then follow the job. */
async function viaDaemon(daemon: DaemonClient, id: string, out: (l: string) => void, printTimeoutMs: number): Promise<number> {
  out(`(the daemon at ${daemon.base} is running: printing through it)`);
  const path = `/v1/printers/${encodeURIComponent(id)}`;
  try {
    const r = await daemon.request('POST', `${path}/test-page`, {}, { 'idempotency-key': `print-test-${randomUUID()}` });
    if (r.status !== 202) {
      out(`${id}: ${String(r.body.detail ?? r.body.title ?? `HTTP ${r.status}`)}`);
      return r.body.code === 'printer_offline' || r.body.code === 'paper_out' ? EX_UNAVAILABLE : 1;
    }
    const jobId = String(r.body.jobId);
    let job = r.body;
    const end = Date.now() + printTimeoutMs;
    while (!FINAL(job.state) && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 200));
      job = (await daemon.request('GET', `${path}/jobs/${encodeURIComponent(jobId)}`)).body;
    }
    out(`${id}: test page ${String(job.state)}${job.detail ? ` (${String(job.detail)})` : ''}`);
    return job.state === 'done' ? 0 : 1;
  } catch (e) {
    out(`${id}: the daemon did not answer: ${(e as Error).message}`);
    return 1;
  }
}
