import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../../api/route-helpers.js';
import { anyJson, problemResponses } from '../../api/schemas/common.js';
import type { CentralApp, CentralDeps } from '../env.js';

interface MailRow {
  event_id: string;
  store_id: string;
  to_addr: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** GET /v1/admin/mail: the e-mail receipt queue, newest first; `?status=failed` lists what was given up. */
export function mailRoutes(app: CentralApp, { db }: CentralDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/mail',
      tags: ['Chain'],
      request: {
        query: z.object({ status: z.enum(['queued', 'sending', 'sent', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const { status, limit } = c.req.valid('query');
      const rows = await db.query<MailRow>('SELECT * FROM mail_queue WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, event_id LIMIT $2', [
        status ?? null,
        limit,
      ]);
      return c.json(
        {
          items: rows.map((r) => ({
            eventId: r.event_id,
            storeId: r.store_id,
            to: r.to_addr,
            status: r.status,
            attempts: r.attempts,
            nextAttemptAt: r.status === 'queued' ? r.next_attempt_at.toISOString() : null,
            lastError: r.last_error,
            createdAt: r.created_at.toISOString(),
            sentAt: r.sent_at?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );
}
