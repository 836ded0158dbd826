import { z } from '@hono/zod-openapi';
import { AppError } from '../common/errors.js';
import type { ReloadOutcome } from '../config/config-diff.js';
import type { App } from './env.js';
import { json, problemJson, route } from './route-helpers.js';
import { problemResponses } from './schemas/common.js';

const ids = (what: string) => z.array(z.string()).openapi({ description: what });

export const reloadResult = z
  .object({
    reloaded: z.literal(true),
    changes: z.object({
      devices: z.object({
        added: ids('Device ids started because they are new in the file'),
        removed: ids('Device ids stopped because they are gone from the file'),
        restarted: ids('Device ids whose config changed: stopped and started again; every other device kept its connection'),
      }),
      other: ids('Config paths applied live (e.g. `logging.level`, `api.allowedHosts`, `cardSchemes`, `backup.keep`)'),
      restartRequired: ids(
        'Config paths that changed in the file but keep their old value until the daemon restarts: `database`, `store.id`, `api.listen`, `api.port`, `central`, `offline.afterS`',
      ),
    }),
  })
  .openapi('ConfigReload');

/**
 * GW-4: POST /v1/admin/config/reload re-reads the config file the daemon was started with (as
 * SIGHUP does). A bad file → 422 config_invalid with every problem (path, line, message); the
 * config in force stays. `reload` is the composition root's (src/config-reload.ts).
 */
export function adminConfigRoutes(reload: () => Promise<ReloadOutcome>) {
  return (app: App): void => {
    app.openapi(
      route({
        method: 'post',
        path: '/v1/admin/config/reload',
        tags: ['Operations'],
        summary: 'Re-read the config file and apply it without dropping tills (GW-4)',
        operationId: 'reloadConfig',
        description:
          'Devices added, removed or changed are started, stopped or restarted alone; unchanged devices keep their connections. ' +
          'Reloads run one at a time; reading an unchanged file changes nothing. No body is needed.',
        responses: {
          200: json(reloadResult, 'Applied'),
          ...problemResponses,
          422: problemJson('`config_invalid`: the file has errors, each in `errors[]` with `path`, `line` and `message`; nothing was changed'),
        },
      }),
      async (c) => {
        const r = await reload();
        if (!r.reloaded) {
          throw new AppError(
            'config_invalid',
            `${r.file}: ${r.errors.length} problem(s); the config in force is kept`,
            r.errors.map((p) => ({ path: p.path, line: p.line, message: p.message })),
          );
        }
        return c.json(r, 200);
      },
    );
  };
}
