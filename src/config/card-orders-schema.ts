import { z } from 'zod';
import { DISPATCH_SCHEDULES, isIsoDate } from '../engine/model/working-days.js';

/**
 * The card order service (ORDER-1, ORDER-4): whether physical cards can be ordered from this
 * store, whether a validity is mandatory, the dispatch schedule and the working-day calendar.
 * Card templates are master data (`/v1/admin/card-templates`). Without this key, or with
 * `enabled: false`, the till can only show `info`.
 */

export const DEFAULT_ORDER_INFO =
  'Customer cards cannot be ordered from this store yet: the card order service is not set up. Ask head office to set it up; ordering, printing and shipping cards has a cost.';

const holiday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isIsoDate, 'not a real date');

export const cardOrdersSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('false: no ordering; the till gets `info` instead'),
    validityRequired: z.boolean().default(false).describe('Every order must give validUntil (a template can also require it)'),
    schedule: z
      .enum(DISPATCH_SCHEDULES)
      .default('daily')
      .describe('Dispatch: daily = next working day; weekly = next working day of the following week; monthly = first working day of the following month'),
    holidays: z.array(holiday).max(2000).default([]).describe('Public holidays (YYYY-MM-DD) that are not working days; Saturdays and Sundays never are'),
    scheme: z.string().min(1).optional().describe('Card scheme id for ordered card numbers; default cardDefaults.scheme'),
    info: z.string().min(1).max(1000).optional().describe('Text the till shows when ordering is not possible'),
  })
  .describe('Ordering physical customer cards (ORDER-1..5)');

export type CardOrdersConfig = z.infer<typeof cardOrdersSchema>;

/** Cross-field check for the config's superRefine: the scheme must be one of cardSchemes. */
export function checkCardOrders(cfg: { cardOrders?: CardOrdersConfig | undefined; cardSchemes: readonly { id: string }[] }, ctx: z.RefinementCtx): void {
  const scheme = cfg.cardOrders?.scheme;
  if (scheme !== undefined && !cfg.cardSchemes.some((s) => s.id === scheme)) {
    ctx.addIssue({ code: 'custom', path: ['cardOrders', 'scheme'], message: `no card scheme with id "${scheme}"` });
  }
}
