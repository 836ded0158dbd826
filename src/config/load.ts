import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

/** One problem in the config file, with where it is. */
export interface ConfigProblem {
  line: number;
  column: number;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly file: string;
  readonly problems: ConfigProblem[];
  constructor(file: string, problems: ConfigProblem[]) {
    super(`${file}: ${problems.length} problem(s)\n` + problems.map((p) => `  ${file}:${p.line}:${p.column} ${p.path || '(root)'}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

/** Exit code for a bad config file (EX_CONFIG from sysexits.h). */
export const EXIT_CONFIG = 78;

function positionOf(doc: Document, lc: LineCounter, path: (string | number)[]): { line: number; col: number } {
  // Walk down as far as the path exists; a missing field points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** Parse and validate config text; every problem is reported at once. */
export function parseConfig(text: string, file = 'config'): Config {
  return parseYamlWith(configSchema, text, file);
}

/** Parse YAML text and validate it with `schema`; every problem names its line and field (GW-4). */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  for (const e of doc.errors) {
    const pos = lc.linePos(e.pos[0]);
    problems.push({ line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0] ?? e.message });
  }
  if (problems.length) throw new ConfigError(file, problems);
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    // An unknown key is reported on the key itself.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const full = key === undefined ? path : [...path, key];
      const pos = positionOf(doc, lc, full);
      const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
      problems.push({ line: pos.line, column: pos.col, path: full.join('.'), message });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  throw new ConfigError(file, problems);
}

/** Load a config file; relative paths inside it are resolved against the file's folder. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ line: 1, column: 1, path: '', message: `cannot read: ${(e as Error).message}` }]);
  }
  const cfg = parseConfig(text, file);
  const base = dirname(resolve(file));
  if (!isAbsolute(cfg.database.path) && cfg.database.path !== ':memory:') cfg.database.path = resolve(base, cfg.database.path);
  if (cfg.backup && !isAbsolute(cfg.backup.dir)) cfg.backup.dir = resolve(base, cfg.backup.dir);
  return cfg;
}
