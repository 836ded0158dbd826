import { configJsonSchema } from './json-schema.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
}

export interface ConfigKey {
  path: string;
  type: string;
  default: unknown;
  description: string | undefined;
}

function typeOf(n: SchemaNode): string {
  if (n.enum) return n.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (n.const !== undefined) return `\`${String(n.const)}\``;
  if (Array.isArray(n.type)) return n.type.join('/');
  return n.type ?? (n.anyOf || n.oneOf ? 'one of' : '');
}

/** Every key of the config file ("devices[].transport.path"), in schema order, first description wins. */
export function configKeys(): ConfigKey[] {
  const out = new Map<string, ConfigKey>();
  const walk = (n: SchemaNode, path: string): void => {
    for (const [k, v] of Object.entries(n.properties ?? {})) {
      const p = path ? `${path}.${k}` : k;
      const seen = out.get(p);
      if (!seen || (!seen.description && v.description)) out.set(p, { path: p, type: typeOf(v), default: v.default, description: v.description });
      walk(v, p);
    }
    if (n.items) walk(n.items, `${path}[]`);
    for (const sub of [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]) walk(sub, path);
  };
  walk(configJsonSchema() as SchemaNode, '');
  return [...out.values()];
}

/** The "Every key" table of docs/configuration.md. */
export function configReferenceTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = configKeys().map(
    (k) => `| \`${k.path}\` | ${k.type} | ${k.default === undefined ? '' : `\`${esc(JSON.stringify(k.default))}\``} | ${esc(k.description ?? '')} |`,
  );
  return ['| key | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
