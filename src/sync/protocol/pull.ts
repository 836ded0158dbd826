import { z } from '@hono/zod-openapi';
import { numberBlock } from './blocks.js';
import { mergedCard, mergedCustomer } from './records.js';

/** Longest long-poll a store may ask for (seconds). */
export const MAX_PULL_WAIT_S = 30;

/**
 * Longest cursor central issues: it names the transactions running at the last read (≤ 1000,
 * bounded by PostgreSQL's max_connections), and must fit in a URL under Node's 16 KB header limit.
 */
export const MAX_CURSOR_CHARS = 16_000;

/** GET /sync/v1/pull?cursor=&wait= ; no cursor = a snapshot from the beginning. */
export const pullQuery = z.object({
  cursor: z.string().max(MAX_CURSOR_CHARS).optional().openapi({ description: 'Opaque; from the previous response. Omit for a snapshot.' }),
  wait: z.coerce.number().int().min(0).max(MAX_PULL_WAIT_S).default(0).openapi({ description: 'Long-poll: seconds to wait for changes (≤ 30)' }),
});

export const masterDataChange = z
  .object({ kind: z.string(), id: z.string(), version: z.number().int(), body: z.looseObject({}).nullable() })
  .openapi('MasterDataChange');

/**
 * SYNC-4: a confirmed balance. `amount` includes every event of the pulling store up to
 * `includesSeq` (and every acknowledged event of every other store); the store adds its own
 * events after `includesSeq` to get the balance it shows.
 */
export const confirmedBalance = z
  .object({ owner: z.string(), asset: z.string(), programId: z.string(), amount: z.number().int(), includesSeq: z.number().int() })
  .openapi('ConfirmedBalance');

export const pullResponse = z
  .object({
    cursor: z.string(),
    /** More changes are ready: pull again at once. */
    more: z.boolean(),
    /** This page belongs to a snapshot (no cursor, or the cursor expired). */
    snapshot: z.boolean(),
    masterData: z.array(masterDataChange),
    customers: z.array(mergedCustomer),
    cards: z.array(mergedCard),
    balances: z.array(confirmedBalance),
    blocks: z.array(numberBlock),
  })
  .openapi('PullResponse');
export type PullResponse = z.infer<typeof pullResponse>;
