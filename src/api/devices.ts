import { createRoute, z } from '@hono/zod-openapi';
import type { DeviceHub } from '../drivers/hub.js';
import type { App } from './env.js';
import { json } from './route-helpers.js';
import { anyJson, id, problemResponses } from './schemas/common.js';

const deviceInfo = z
  .object({
    id: z.string(),
    kind: z.enum(['printer', 'magstripe', 'smartcard']),
    transport: z.string(),
    state: z.enum(['ready', 'disconnected', 'error']),
    detail: z.string(),
    since: z.string(),
    name: z.string().optional(),
    paper: z.enum(['ok', 'near_end', 'out']).optional(),
    coverOpen: z.boolean().optional(),
    drawerOpen: z.boolean().optional(),
    online: z.boolean().optional(),
  })
  .openapi('Device');

const idCard = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    gender: z.enum(['male', 'female']).nullable(),
    personalCode: z.string(),
    birthDate: z.string().nullable(),
    citizenship: z.string().optional(),
  })
  .openapi('IdCard');

const deviceParam = z.object({ id });

/** Devices (GW-1) and the national ID card read (CUST-9). Register via ApiDeps.extraRoutes. */
export function deviceRoutes(hub: DeviceHub) {
  return (app: App): void => {
    app.openapi(createRoute({ method: 'get', path: '/v1/devices', tags: ['Devices'], responses: { 200: json(z.array(deviceInfo)) } }), (c) => c.json(hub.list(), 200));

    app.openapi(
      createRoute({ method: 'get', path: '/v1/devices/{id}', tags: ['Devices'], request: { params: deviceParam }, responses: { 200: json(deviceInfo), ...problemResponses } }),
      (c) => c.json(hub.get(c.req.valid('param').id), 200),
    );

    app.openapi(
      createRoute({
        method: 'get', path: '/v1/devices/{id}/id-card', tags: ['Devices'],
        description: 'Personal data of the national ID card in this reader (CUST-9), to pre-fill a new customer. Nothing is stored.',
        request: { params: deviceParam }, responses: { 200: json(idCard), ...problemResponses, 503: json(anyJson, 'Reader not connected') },
      }),
      async (c) => c.json(await hub.readIdCard(c.req.valid('param').id), 200),
    );
  };
}
