#!/usr/bin/env node
// The production build (`npm run build`): compile src/ with tsc into dist/ and copy the files the
// compiled code reads at run time. With --release DIR it assembles an installable release instead:
// DIR/{package.json, package-lock.json, bin/, dist/, config/, systemd/, docs/, README.md}; then
// `cd DIR && npm ci --omit=dev` makes it runnable (docs/operations.md).
//
//   node scripts/build.mjs                   # dist/ in this checkout
//   node scripts/build.mjs --release DIR     # a release directory (DIR must not exist yet)
//   --no-check                               # emit without typechecking (same JavaScript, about half
//                                            # the CPU); for tests/build.test.ts: npm test typechecks
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Non-TypeScript files under src/ that the compiled code loads at run time, copied to the same place under dist/. */
const RUNTIME_ASSETS = ['engine/store/migrations', 'central/migrations', 'console'];

/** What a release holds beside dist/ (the sources, tests and benchmarks stay behind). */
const RELEASE_FILES = ['package.json', 'package-lock.json', 'README.md', 'bin', 'config', 'systemd', 'docs'];

function log(line) {
  process.stdout.write(`${line}\n`);
}

/** tsc from this checkout's typescript (typechecks and emits; a type error fails the build). */
function compile(outDir, check) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, ...(check ? [] : ['--noCheck'])];
  execFileSync(process.execPath, args, { stdio: 'inherit' });
}

function copyAssets(outDir) {
  for (const rel of RUNTIME_ASSETS) {
    const from = join(ROOT, 'src', rel);
    if (!existsSync(from) || readdirSync(from).length === 0) throw new Error(`build: runtime asset ${from} is missing or empty`);
    cpSync(from, join(outDir, rel), { recursive: true });
  }
}

function buildDist(outDir, check) {
  rmSync(outDir, { recursive: true, force: true });
  compile(outDir, check);
  copyAssets(outDir);
  log(`built ${outDir}`);
}

function buildRelease(dir, check) {
  if (existsSync(dir)) throw new Error(`build: ${dir} already exists; a release directory is written once`);
  mkdirSync(dir, { recursive: true });
  for (const rel of RELEASE_FILES) cpSync(join(ROOT, rel), join(dir, rel), { recursive: true });
  buildDist(join(dir, 'dist'), check);
  log(`release in ${dir}; next: cd ${dir} && npm ci --omit=dev`);
}

const { values } = parseArgs({ options: { release: { type: 'string' }, 'no-check': { type: 'boolean' } } });
const check = values['no-check'] !== true;
try {
  if (values.release) buildRelease(resolve(values.release), check);
  else buildDist(join(ROOT, 'dist'), check);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
