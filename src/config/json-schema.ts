import { z } from 'zod';
import { configSchema } from './schema.js';

/** JSON Schema of the config file, for technicians' editors (generated, never hand-edited). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Tillgate store configuration', $id: 'https://tillgate.invalid/config.schema.json' };
}

export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
