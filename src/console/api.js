// @ts-check
/**
 * Talking to the daemon: every call carries the admin token (when one was typed) as a Bearer
 * header, never in a URL; events are read with fetch from an SSE stream so the token stays in a
 * header too (EventSource cannot send one).
 */

const TOKEN_KEY = 'tillgate-console-token';

/** @returns {string | null} */
export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** @param {string | null} token */
export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An error answer of the daemon (problem+json). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ code?: string, detail?: string, title?: string, errors?: { path?: string, line?: number, column?: number, message: string }[] }} problem
   */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** @param {RequestInit} [init] @returns {Headers} */
function headersFor(init) {
  const h = new Headers(init?.headers);
  const token = getToken();
  if (token) h.set('authorization', `Bearer ${token}`);
  return h;
}

/**
 * fetch with the token; a non-2xx answer throws ApiError with the problem.
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function request(path, init = {}) {
  const res = await fetch(path, { ...init, headers: headersFor(init), cache: 'no-store' });
  if (!res.ok) {
    /** @type {ConstructorParameters<typeof ApiError>[1]} */
    let problem = {};
    try {
      problem = await res.json();
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError(res.status, problem);
  }
  return res;
}

/** @param {string} path @returns {Promise<any>} JSON of the daemon's documented shape (docs/api.md) */
export async function getJson(path) {
  return (await request(path)).json();
}

/** A fresh Idempotency-Key (works outside secure contexts too, unlike crypto.randomUUID). */
export function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return 'console-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * POST a JSON body; writes carry an Idempotency-Key, so a retried press never acts twice.
 * @param {string} path
 * @param {unknown} [body]
 * @param {string} [key]
 * @returns {Promise<Response>}
 */
export function postJson(path, body = {}, key = newKey()) {
  return request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
}

/**
 * @typedef {{ id?: string, event: string, data: string }} SseFrame
 */

/**
 * Split an SSE text buffer into complete frames; returns the frames and the unfinished rest.
 * @param {string} buffer
 * @returns {{ frames: SseFrame[], rest: string }}
 */
export function parseSse(buffer) {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  /** @type {SseFrame[]} */
  const frames = [];
  for (const block of blocks) {
    /** @type {SseFrame} */
    const f = { event: 'message', data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'id') f.id = value;
      else if (field === 'event') f.event = value;
      else if (field === 'data') {
        f.data += (hasData ? '\n' : '') + value;
        hasData = true;
      }
    }
    if (hasData) frames.push(f);
  }
  return { frames, rest };
}

/**
 * Follow an SSE stream for as long as the page lives: replays from `after` on first connect,
 * from the last id seen after a drop (Last-Event-ID), reconnecting with a capped pause.
 * @param {string} path
 * @param {{ onFrame: (f: SseFrame) => void, onState: (state: 'live' | 'down' | 'auth', error?: unknown) => void }} handlers
 */
export async function followEvents(path, { onFrame, onState }) {
  /** @type {string | null} */
  let lastId = null;
  let pause = 500;
  for (;;) {
    try {
      /** @type {Record<string, string>} */
      const headers = lastId === null ? {} : { 'last-event-id': lastId };
      const res = await request(lastId === null ? `${path}?after=0` : path, { headers });
      onState('live');
      pause = 500;
      const reader = /** @type {ReadableStream<Uint8Array>} */ (res.body).getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const { frames, rest } = parseSse(buffer);
        buffer = rest;
        for (const f of frames) {
          if (f.id !== undefined) lastId = f.id;
          onFrame(f);
        }
      }
      onState('down');
    } catch (e) {
      const auth = e instanceof ApiError && (e.status === 401 || e.status === 403);
      onState(auth ? 'auth' : 'down', e);
      if (auth) return;
    }
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 10_000);
  }
}
