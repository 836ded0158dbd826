import { readFileSync } from 'node:fs';

/** A process's resident memory from /proc/<pid>/status, in MiB: own (anonymous) memory vs mapped file pages. */
export interface Rss {
  vmRss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
}

export function readRss(pid: number): Rss {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(/^(\w+):\s+(\d+) kB/m.exec(text.split('\n').find((l) => l.startsWith(key + ':')) ?? '')?.[2] ?? NaN);
  const mib = (key: string) => Math.round((kb(key) / 1024) * 10) / 10;
  return { vmRss: mib('VmRSS'), rssAnon: mib('RssAnon'), rssFile: mib('RssFile'), rssShmem: mib('RssShmem') };
}

export function printRss(label: string, r: Rss): void {
  console.log(
    `RSS ${label}: VmRSS ${r.vmRss} MiB = RssAnon ${r.rssAnon} MiB (own memory) + RssFile ${r.rssFile} MiB (mapped pages: code, libSQL file/WAL) + RssShmem ${r.rssShmem} MiB`,
  );
}
