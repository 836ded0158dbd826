import { z } from '@hono/zod-openapi';

/**
 * z.enum for a domain union type that has no runtime constant (driver and store types): the
 * values must be exactly the members of T, so TypeScript fails here when the domain type gains
 * or loses a member. Prefer `z.enum(CONSTANT)` when the domain exports the list.
 */
export function enumOf<T extends string>() {
  return <const V extends readonly [T, ...T[]]>(values: V & ([T] extends [V[number]] ? unknown : { missing: Exclude<T, V[number]> })) => z.enum(values);
}
