import { z } from 'zod';

/**
 * Device entries of the config file (GW-1, GW-4). Placeholder until the hardware drivers land:
 * the drivers define the real shape here.
 */
export const deviceSchema = z.object({ id: z.string().min(1), kind: z.string().min(1) }).loose();
export type DeviceConfig = z.infer<typeof deviceSchema>;
