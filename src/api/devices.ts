import { z } from '@hono/zod-openapi';
import type { DeviceHub } from '../drivers/hub.js';
import type { App } from './env.js';
import { json, problemJson, route } from './route-helpers.js';
import { id, problemResponses } from './schemas/common.js';
import { deviceInfo, idCard } from './schemas/device-views.js';

const deviceParam = z.object({ id });

/** Devices (GW-1) and the national ID card read (CUST-9). Register via ApiDeps.extraRoutes. */
export function deviceRoutes(hub: DeviceHub) {
  return (app: App): void => {
    app.openapi(
      route({
        method: 'get',
        path: '/v1/devices',
        tags: ['Devices'],
        summary: 'Every configured device with its state (GW-1)',
        operationId: 'listDevices',
        responses: { 200: json(z.array(deviceInfo).openapi('DeviceList')) },
      }),
      (c) => c.json(hub.list(), 200),
    );

    app.openapi(
      route({
        method: 'get',
        path: '/v1/devices/{id}',
        tags: ['Devices'],
        summary: 'One device with its state (GW-1)',
        operationId: 'getDevice',
        request: { params: deviceParam },
        responses: { 200: json(deviceInfo), ...problemResponses },
      }),
      (c) => c.json(hub.get(c.req.valid('param').id), 200),
    );

    app.openapi(
      route({
        method: 'get',
        path: '/v1/devices/{id}/id-card',
        tags: ['Devices'],
        summary: 'Read the national ID card in a reader to pre-fill a customer (CUST-9)',
        operationId: 'readIdCard',
        description: 'Personal data of the national ID card in this reader (CUST-9), to pre-fill a new customer. Nothing is stored.',
        request: { params: deviceParam },
        responses: { 200: json(idCard), ...problemResponses, 503: problemJson('`device_offline`: the reader is not connected') },
      }),
      async (c) => c.json(await hub.readIdCard(c.req.valid('param').id), 200),
    );
  };
}
