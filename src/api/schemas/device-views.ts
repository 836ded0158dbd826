import { z } from '@hono/zod-openapi';
import type { DeviceInfo, IdCardData, JobView } from '../../drivers/hub.js';
import type { HubEventType } from '../../drivers/events.js';
import { enumOf } from './domain-enum.js';

/** GET /v1/devices (API.md): state, why and since; printers add paper, cover and drawer. */
export const deviceInfo = z
  .object({
    id: z.string(),
    kind: enumOf<DeviceInfo['kind']>()(['printer', 'magstripe', 'smartcard']),
    transport: z.string(),
    state: enumOf<DeviceInfo['state']>()(['ready', 'disconnected', 'error']),
    detail: z.string(),
    since: z.string(),
    name: z.string().optional(),
    paper: enumOf<NonNullable<DeviceInfo['paper']>>()(['ok', 'near_end', 'out']).optional(),
    coverOpen: z.boolean().optional(),
    drawerOpen: z.boolean().optional(),
    online: z.boolean().optional(),
  })
  .openapi('Device');

export const idCard = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    gender: enumOf<NonNullable<IdCardData['gender']>>()(['male', 'female']).nullable(),
    personalCode: z.string(),
    birthDate: z.string().nullable(),
    citizenship: z.string().optional(),
  })
  .openapi('IdCard');

export const printJob = z
  .object({
    jobId: z.string(),
    printerId: z.string(),
    state: enumOf<JobView['state']>()(['queued', 'printing', 'done', 'failed', 'in_doubt']),
    detail: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PrintJob');

export const eventType = enumOf<HubEventType>()(['card.read', 'card.rejected', 'card.removed', 'device.state', 'printer.status', 'job.done']);

/** One device event as SSE `data` and in long-poll batches; `data` depends on `type` (API.md "Devices"). */
export const deviceEvent = z
  .object({
    seq: z.number().int(),
    type: z.string().openapi({ description: `One of ${eventType.options.join(', ')}` }),
    at: z.string(),
    data: z.looseObject({}),
  })
  .openapi('DeviceEvent');

export const eventBatch = z
  .object({
    events: z.array(deviceEvent),
    lastSeq: z.number().int(),
    lost: z.literal(true).optional().openapi({
      description:
        'Events after `after` are gone (the daemon restarted, or the cursor is too old or unknown): `events` is all still held; re-read device state',
    }),
    oldestSeq: z.number().int().nullable().optional().openapi({ description: 'With `lost`: the oldest id still held, null when none' }),
  })
  .openapi('EventBatch');
