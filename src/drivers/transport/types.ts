/**
 * One small interface for every byte link (GW-1): serial, TCP 9100, device file, USB, evdev.
 * A transport only connects; the supervisor (supervisor.ts) reconnects with capped backoff.
 */
export interface TransportSink {
  data(chunk: Buffer): void;
  /** The link went away (unplug, peer closed, read error). Called at most once per connection. */
  lost(reason: string): void;
}

export interface Connection {
  /** Resolves once the bytes have left this process (drained to the OS). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface Transport {
  /** For lists and logs, e.g. "serial /dev/ttyUSB0". */
  readonly label: string;
  connect(sink: TransportSink): Promise<Connection>;
}

/** A message from an error of any shape, for `detail` fields. */
export function reasonOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
