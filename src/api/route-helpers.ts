import type { z } from '@hono/zod-openapi';

/** A JSON response entry for createRoute. */
export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

/** A required JSON request body for createRoute. */
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true as const } });
