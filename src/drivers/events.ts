import type { DeviceState, PrinterStatus } from './device-state.js';
import type { JobState } from './print-journal.js';

/** Events the hub emits (API.md "Devices"); `card.read` is the only one carrying a card number. */
export type CardSource = 'smartcard' | 'magstripe';

export interface CardReadEvent {
  deviceId: string;
  source: CardSource;
  cardNumber: string;
  scheme: string;
  /** The customer card this number belongs to, when the resolver knows it. */
  card?: unknown;
}

export interface CardRejectedEvent {
  deviceId: string;
  source: CardSource;
  /** Never the number: only why it was not accepted. */
  reason: 'unknown_scheme' | 'bad_read';
}

export interface HubEventMap {
  'card.read': CardReadEvent;
  'card.rejected': CardRejectedEvent;
  'card.removed': { deviceId: string };
  'device.state': { deviceId: string } & DeviceState;
  'printer.status': { deviceId: string } & PrinterStatus;
  'job.done': { deviceId: string; jobId: string; state: JobState; detail?: string };
}

export type HubEventType = keyof HubEventMap;
