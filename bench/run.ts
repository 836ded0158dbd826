/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or only those named on the command line,
 * e.g. `npm run bench -- search`). Each module exports `run(): Promise<void>` and prints its own
 * p50/p99 table with a floor measured in the same run. BENCH_SIZE (default 1,000,000) sets the
 * store size of the chain benches. Never part of `npm test`. See bench/README.md.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const f of files) {
  console.log(`\n# ${f}`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<void> };
  await mod.run();
}
