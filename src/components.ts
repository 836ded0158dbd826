/**
 * A part of the daemon with a lifetime: the lock, the store, the device hub, the HTTP server,
 * sync, the scheduled jobs, the systemd watchdog. The constructor (a factory here) only builds;
 * `start()` acquires what the part needs, `stop()` lets it go and is bounded in time.
 */
export interface Component {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * Start components in the order given; stop them in reverse. If one fails to start, the ones
 * already started are stopped (in reverse) and the error is rethrown.
 */
export async function startAll(components: readonly Component[]): Promise<{ stop(): Promise<void> }> {
  const started: Component[] = [];
  const stopStarted = async () => {
    for (const c of started.reverse()) await c.stop();
    started.length = 0;
  };
  try {
    for (const c of components) {
      await c.start();
      started.push(c);
    }
  } catch (e) {
    await stopStarted();
    throw e;
  }
  return { stop: stopStarted };
}

/** A component from two functions (for parts whose library objects have other method names). */
export function component(name: string, start: () => void | Promise<void>, stop: () => void | Promise<void>): Component {
  return { name, start, stop };
}
