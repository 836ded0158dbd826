import { silentLogger } from '../common/logger.js';
import { loadConfig } from '../config/load.js';
import { createDeviceHub } from '../drivers/hub.js';
import { MemoryPrintJournal } from '../drivers/print-journal.js';
import type { UsbBinding } from '../drivers/transport/usb-binding.js';

export interface PrintTestIo {
  out?: (line: string) => void;
  usb?: UsbBinding;
  connectTimeoutMs?: number;
  printTimeoutMs?: number;
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
  const hub = createDeviceHub({ devices: [cfg], cardSchemes: config.cardSchemes, logger: silentLogger(), journal: new MemoryPrintJournal(), ...(io.usb ? { usb: io.usb } : {}), backoff: { minMs: 250, maxMs: 1000 } });
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
