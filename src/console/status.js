// @ts-check
/** Health and sync (GW-6, GW-7), recent errors, and the configuration with its check and the reload button (GW-4). */
import { ApiError, getJson, postJson } from './api.js';
import { byId, el, messageOf, prependCapped, timeOf } from './dom.js';

/** @param {string} text @param {string} [at] ISO time */
export function reportError(text, at = new Date().toISOString()) {
  prependCapped(byId('errors'), el('li', {}, [`${timeOf(at)} ${text}`]), 30);
}

/** Whether this store syncs with a central (from the running config): a standalone store is never "unreachable". */
let hasCentral = true;

/** @param {number} s @returns {string} */
function duration(s) {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** @type {Map<string, string | null>} */
const lastProblem = new Map();

/**
 * A problem seen in health goes to "Recent errors" once, when it starts or changes, not at every refresh.
 * @param {string} what @param {string | null} problem
 */
function noteChange(what, problem) {
  if (problem !== null && lastProblem.get(what) !== problem) reportError(problem);
  lastProblem.set(what, problem);
}

/** Re-read GET /v1/health into the facts list. */
export async function loadHealth() {
  /** @type {{ status: string, version: string, uptimeS: number, db: { ok: boolean, fault: { code: string, reason: string } | null },
   *   sync: { pendingEvents: number, lagS: number, centralReachable: boolean, lastPushAt: string | null, offlineSince: string | null },
   *   devices: { total: number, ready: number } }} */
  const h = await getJson('/v1/health');
  /** @type {[string, string, string][]} */
  const rows = [
    ['status', h.status, 'status'],
    ['version', h.version, 'version'],
    ['uptime', duration(h.uptimeS), 'uptime'],
    ['database', h.db.ok ? 'ok' : `fault: ${h.db.fault?.code ?? '?'} (${h.db.fault?.reason ?? ''})`, 'db'],
    ['devices ready', `${h.devices.ready} of ${h.devices.total}`, 'devices'],
    ['pending events', String(h.sync.pendingEvents), 'pending'],
    ['sync lag', duration(h.sync.lagS), 'lag'],
    [
      'central',
      !hasCentral
        ? 'none (standalone store)'
        : h.sync.centralReachable
          ? 'reachable'
          : h.sync.offlineSince
            ? `unreachable since ${timeOf(h.sync.offlineSince)}`
            : 'not reachable',
      'central',
    ],
    ['last push', h.sync.lastPushAt ? timeOf(h.sync.lastPushAt) : 'never', 'last-push'],
  ];
  noteChange('db', h.db.fault ? `database cannot be written: ${h.db.fault.code} (${h.db.fault.reason})` : null);
  noteChange('central', hasCentral && h.sync.offlineSince ? `central unreachable since ${timeOf(h.sync.offlineSince)}` : null);
  byId('health').replaceChildren(...rows.flatMap(([k, v, f]) => [el('dt', {}, [k]), el('dd', { 'data-field': f }, [v])]));
  byId('health').setAttribute('data-status', h.status);
}

/** Re-read GET /v1/admin/config: the running config (secrets hidden) and the check of the file on disk. */
export async function loadConfig() {
  /** @type {{ config: { store?: { id?: string, name?: string }, central?: unknown }, file: { path: string | null, ok: boolean, errors: { path: string, line: number, message: string }[] } }} */
  const v = await getJson('/v1/admin/config');
  byId('config').textContent = JSON.stringify(v.config, null, 2);
  hasCentral = v.config.central !== undefined;
  byId('store').textContent = v.config.store ? `${v.config.store.name ?? ''} (${v.config.store.id ?? ''})` : '';
  const check = byId('config-check');
  check.setAttribute('data-ok', String(v.file.ok));
  check.textContent =
    v.file.path === null
      ? 'Not started from a config file.'
      : `${v.file.path}: ${v.file.ok ? 'valid (config check passes)' : `${v.file.errors.length} problem(s)`}`;
  byId('config-errors').replaceChildren(...v.file.errors.map((p) => el('li', {}, [`line ${p.line} ${p.path || '(file)'}: ${p.message}`])));
}

/** POST /v1/admin/config/reload: success with what changed, or every problem of the file (old config kept). */
async function reload() {
  const out = byId('reload-result');
  out.replaceChildren('reloading…');
  try {
    /** @type {{ reloaded: boolean, changes: { devices: { added: string[], removed: string[], restarted: string[] }, other: string[], restartRequired: string[] } }} */
    const r = await (await postJson('/v1/admin/config/reload')).json();
    const { devices, other, restartRequired } = r.changes;
    const changed = [
      ...devices.added.map((id) => `device ${id} added`),
      ...devices.removed.map((id) => `device ${id} removed`),
      ...devices.restarted.map((id) => `device ${id} restarted`),
      ...other,
    ];
    out.replaceChildren(
      el('p', { class: 'ok', 'data-reload': 'ok' }, [`Reloaded. ${changed.length ? `Changed: ${changed.join(', ')}.` : 'Nothing changed.'}`]),
      ...(restartRequired.length ? [el('p', { class: 'error', 'data-reload': 'restart' }, [`Needs a restart to apply: ${restartRequired.join(', ')}.`])] : []),
    );
    await loadConfig();
  } catch (e) {
    if (e instanceof ApiError && e.status === 422) {
      const errors = e.problem.errors ?? [];
      out.replaceChildren(
        el('p', { class: 'error', 'data-reload': 'invalid' }, [`Not reloaded: ${e.message}`]),
        el(
          'ol',
          { class: 'log' },
          errors.map((p) => el('li', {}, [`${p.line === undefined ? '' : `line ${p.line} `}${p.path || '(file)'}: ${p.message}`])),
        ),
      );
      await loadConfig(); // the check of the file on disk now shows the same problems
    } else if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      out.replaceChildren(el('p', { class: 'error', 'data-reload': 'unavailable' }, ['This daemon cannot reload its config; restart it instead.']));
    } else {
      out.replaceChildren(el('p', { class: 'error', 'data-reload': 'failed' }, [`Reload failed: ${messageOf(e)}`]));
    }
  }
}

export function wireConfig() {
  byId('reload').addEventListener('click', () => void reload());
}
