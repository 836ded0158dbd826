import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A small TCP proxy on 127.0.0.1 that stands for a store's WAN link in tests. Modes:
 * - forward: pass bytes both ways;
 * - blackhole: accept, read and drop everything, never answer (a cut link: calls time out);
 * - reset: accept and destroy with RST at once;
 * - delay: forward, each chunk held `delayMs` first;
 * - drop-response: forward the request upstream, swallow the answer, then reset (central did
 *   the work, the store never hears of it).
 * Changing mode cuts every open connection, so long-polls in flight notice at once.
 */
export type FaultMode = 'forward' | 'blackhole' | 'reset' | 'delay' | 'drop-response';

export interface FaultProxy {
  port: number;
  url: string;
  mode: FaultMode;
  setMode(mode: FaultMode, delayMs?: number): void;
  /** Point the proxy at another upstream port (central restarted on a new port). */
  setUpstream(port: number): void;
  /** Responses swallowed in drop-response mode so far. */
  dropped: number;
  close(): Promise<void>;
}

export async function faultProxy(upstream: number, initial: FaultMode = 'forward'): Promise<FaultProxy> {
  let upstreamPort = upstream;
  const open = new Set<Socket>();
  let delayMs = 50;
  const track = (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => s.destroy());
  };
  const state: FaultProxy = {
    port: 0,
    url: '',
    mode: initial,
    dropped: 0,
    setMode(mode, ms) {
      state.mode = mode;
      if (ms !== undefined) delayMs = ms;
      for (const s of open) s.resetAndDestroy();
    },
    setUpstream(port) {
      upstreamPort = port;
      for (const s of open) s.resetAndDestroy();
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((client) => {
    track(client);
    const mode = state.mode;
    if (mode === 'reset') return void client.resetAndDestroy();
    if (mode === 'blackhole') return void client.resume();
    const up = connect(upstreamPort, '127.0.0.1');
    track(up);
    up.on('close', () => client.destroy());
    client.on('close', () => up.destroy());
    const hold = (fn: () => void) => (mode === 'delay' ? setTimeout(fn, delayMs) : fn());
    client.on('data', (d) => hold(() => up.write(d)));
    up.on('data', (d) => {
      if (mode === 'drop-response') {
        state.dropped++;
        client.resetAndDestroy();
        up.destroy();
        return;
      }
      hold(() => client.write(d));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  state.port = typeof addr === 'object' && addr ? addr.port : 0;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}
