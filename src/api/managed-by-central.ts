import type { MiddlewareHandler } from 'hono';
import { AppError } from '../common/errors.js';
import type { ApiDeps, AppEnv } from './env.js';

/**
 * SYNC-3: the admin writes of master data, as method + path pattern. With `central` configured
 * these are authored at central and pulled down, so the store refuses them; reads stay open.
 */
const MASTER_DATA_WRITES: readonly { methods: readonly string[]; path: RegExp }[] = [
  { methods: ['PUT', 'DELETE'], path: /^\/v1\/admin\/(discounts|stamp-programs|privileges|redemption-rules|card-templates)\/[^/]+\/?$/ },
  { methods: ['PUT'], path: /^\/v1\/admin\/(tiers|customer-types)\/?$/ },
  { methods: ['POST'], path: /^\/v1\/admin\/voucher-ranges\/?$/ },
  { methods: ['PATCH'], path: /^\/v1\/admin\/voucher-ranges\/[^/]+\/?$/ },
];

export function isMasterDataWrite(method: string, path: string): boolean {
  return MASTER_DATA_WRITES.some((w) => w.methods.includes(method) && w.path.test(path));
}

/** 409 managed_by_central naming the path, for master-data writes at a store of a chain; standalone stores pass. */
export function managedByCentral({ ctx }: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (ctx.config.central !== undefined && isMasterDataWrite(c.req.method, c.req.path)) {
      throw new AppError(
        'managed_by_central',
        `${c.req.method} ${c.req.path}: master data is managed by central; change it there and it reaches this store by sync`,
        undefined,
        { path: c.req.path },
      );
    }
    return next();
  };
}
