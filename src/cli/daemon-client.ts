import type { Config } from '../config/schema.js';

/**
 * Talking to the running daemon from the `tillgate` command (GW-4): the daemon owns the devices,
 * so while it runs the CLI asks it over the local HTTP API instead of opening them a second time.
 */
export interface DaemonClient {
  base: string;
  request(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
}

const PROBE_MS = 1500;
const REQUEST_MS = 10_000;

/** Where the configured daemon answers: a wildcard listen address is reached over loopback. */
export function daemonBase(config: Config, port?: number): string {
  const listen = config.api.listen;
  const host = listen === '0.0.0.0' || listen === '' ? '127.0.0.1' : listen === '::' ? '[::1]' : listen.includes(':') ? `[${listen}]` : listen;
  return `http://${host}:${port ?? config.api.port}`;
}

/** The bearer token to send, when the daemon will ask for one (not on plain loopback). */
function tokenFor(config: Config, base: string): string | undefined {
  const loopback = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):/.test(base);
  if (loopback && !config.api.requireTokenOnLoopback) return undefined;
  return (config.api.tokens.find((t) => t.scope === 'till') ?? config.api.tokens.find((t) => t.scope === 'admin'))?.token;
}

/**
 * The daemon of this config when one answers GET /v1/health within a short time, else null
 * (nothing listens: the CLI may open the device itself).
 */
export async function findDaemon(config: Config, port?: number): Promise<DaemonClient | null> {
  const base = daemonBase(config, port);
  const token = tokenFor(config, base);
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  try {
    await fetch(`${base}/v1/health`, { headers: auth, signal: AbortSignal.timeout(PROBE_MS) });
  } catch {
    return null;
  }
  return {
    base,
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...auth, ...headers }, signal: AbortSignal.timeout(REQUEST_MS) };
      if (method === 'POST') {
        init.headers = { ...init.headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(body ?? {});
      }
      const res = await fetch(`${base}${path}`, init);
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        parsed = { detail: text.slice(0, 200) };
      }
      return { status: res.status, body: parsed };
    },
  };
}
