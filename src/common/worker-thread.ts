import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start the worker module `name` that sits beside the caller (`callerUrl` = the caller's
 * import.meta.url). From dist/ it is the compiled `name.js`. Under tsx (npm start) and vitest the
 * caller is the .ts source: the worker is then a small bootstrap that registers tsx's loader in
 * the new thread (Node 20 does not apply `--import` hooks to a worker's entry) and imports
 * `name.ts`; both are absolute URLs, so any cwd works.
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  // tsx/esm/api resolves to its .cjs build under require(); the ESM build is its .mjs sibling.
  const tsxApi = pathToFileURL(
    createRequire(callerUrl)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
