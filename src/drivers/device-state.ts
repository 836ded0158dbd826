/** What every device reports: GET /v1/devices and `device.state` events (GW-1). */
export type DeviceStateName = 'ready' | 'disconnected' | 'error';

export interface DeviceState {
  state: DeviceStateName;
  /** Why: the last error, "connected", "no reader matches …". Never card data. */
  detail: string;
  /** ISO time the state began. */
  since: string;
}

export type DeviceKind = 'printer' | 'magstripe' | 'smartcard';

export interface PrinterStatus {
  online: boolean;
  paper: 'ok' | 'near_end' | 'out';
  coverOpen: boolean;
  drawerOpen?: boolean;
  /** DLE EOT 1 bit 5: the printer waits for online recovery. */
  waitingForRecovery?: boolean;
  /** The paper feed button is held / paper is being fed by it. */
  feedButton?: boolean;
  /** DLE EOT 2 bit 6 / DLE EOT 3: why the printer cannot print (cutter jam, unrecoverable error, …). */
  error?: string;
}

export interface DeviceInfo extends DeviceState {
  id: string;
  kind: DeviceKind;
  transport: string;
  name?: string;
  /** Printers with status enabled, once a status was read. */
  paper?: PrinterStatus['paper'];
  coverOpen?: boolean;
  drawerOpen?: boolean;
  online?: boolean;
}
