import { z } from '@hono/zod-openapi';
import { ConfigError, loadConfig } from '../config/load.js';
import { redactSecrets } from '../config/redact.js';
import type { App, ApiDeps } from './env.js';
import { json, route } from './route-helpers.js';
import { problemResponses } from './schemas/common.js';

const configProblem = z
  .object({ path: z.string(), line: z.number().int(), column: z.number().int(), message: z.string() })
  .openapi('ConfigProblem', { description: 'One problem in the config file: the field (dotted path, empty for the whole file) and where it is' });

const configView = z
  .object({
    config: z.looseObject({}).openapi({ description: 'The configuration the daemon runs with; every token, password and secret is "***"' }),
    file: z
      .object({
        path: z.string().nullable().describe('The config file the daemon was started with (null when it was not started from a file)'),
        ok: z.boolean().describe('The file on disk, checked now, is valid (what `tillgate config check` says)'),
        errors: z.array(configProblem).describe('Every problem of the file on disk, each naming its line and field; empty when ok'),
        checkedAt: z.string(),
      })
      .describe('`tillgate config check` run now on the file on disk (it may differ from the running config until a reload)'),
  })
  .openapi('ConfigView');

/** The config file on disk, checked now: every problem with its line and field (GW-4). */
function checkFile(path: string | undefined): z.infer<typeof configView>['file'] {
  const checkedAt = new Date().toISOString();
  if (path === undefined) return { path: null, ok: true, errors: [], checkedAt };
  try {
    loadConfig(path);
    return { path, ok: true, errors: [], checkedAt };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { path, ok: false, errors: e.problems.map((p) => ({ path: p.path, line: p.line, column: p.column, message: p.message })), checkedAt };
  }
}

/** GET /v1/admin/config: the running config with secrets hidden, and the check of the file on disk (GW-7, the console). */
export function configViewRoutes(app: App, deps: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/config',
      tags: ['Operations'],
      summary: 'The running configuration (secrets hidden) and a check of the config file on disk (GW-7)',
      operationId: 'getRunningConfig',
      description:
        'What the technician console shows: the configuration in force, every token, password and secret replaced by `***`, and `tillgate config check` of the config file as it is on disk now.',
      responses: { 200: json(configView), ...problemResponses },
    }),
    (c) => c.json({ config: redactSecrets(deps.ctx.config) as Record<string, unknown>, file: checkFile(deps.configFile) }, 200),
  );
}
