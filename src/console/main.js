// @ts-check
/**
 * The technician console (GW-4, GW-7). From the box itself (loopback) it needs no token; from
 * another machine the technician types an admin token once; it is kept for this tab only
 * (sessionStorage) and sent as a Bearer header.
 */
import { ApiError, followEvents, getToken, setToken } from './api.js';
import { loadDevices, showJob, showRead, showRejected, updateDevice } from './devices.js';
import { byId, messageOf } from './dom.js';
import { wirePreview } from './preview.js';
import { loadConfig, loadHealth, reportError, wireConfig } from './status.js';

const HEALTH_EVERY_MS = 5000;

/** @param {string} text */
function notice(text) {
  const n = byId('notice');
  n.textContent = text;
  n.hidden = text === '';
}

/** @param {'connecting' | 'live' | 'down' | 'auth'} state */
function link(state) {
  const b = byId('link');
  b.setAttribute('data-state', state);
  b.textContent = { connecting: 'connecting', live: 'live', down: 'reconnecting', auth: 'token needed' }[state];
}

/** Ask for a token: the daemon refused us (not loopback, or the token is not an admin one). */
function askToken() {
  link('auth');
  byId('token-form').hidden = false;
  notice(getToken() ? 'This token is not an admin token of this daemon.' : 'Opened from another machine: type an admin token (api.tokens, scope admin).');
}

/**
 * One device event from the stream.
 * @param {import('./api.js').SseFrame} f
 */
function onFrame(f) {
  /** @type {{ type: string, at: string, data: any }} any: the event's data shape depends on its type (docs/api.md "Devices") */
  const e = JSON.parse(f.data);
  const d = e.data;
  switch (f.event) {
    case 'device.state':
      updateDevice(d.deviceId, { state: d.state, detail: d.detail, since: d.since });
      if (d.state === 'error') reportError(`${d.deviceId}: ${d.detail}`, e.at);
      break;
    case 'printer.status':
      updateDevice(d.deviceId, { paper: d.paper, coverOpen: d.coverOpen, drawerOpen: d.drawerOpen, online: d.online });
      if (d.error) reportError(`${d.deviceId}: ${d.error}`, e.at);
      break;
    case 'job.done':
      showJob(d.deviceId, d.jobId, d.state, d.detail);
      if (d.state !== 'done') reportError(`${d.deviceId}: job ${d.jobId} ${d.state}${d.detail ? ` (${d.detail})` : ''}`, e.at);
      break;
    case 'card.read':
      showRead(d, e.at);
      break;
    case 'card.rejected':
      showRejected(d, e.at);
      break;
    case 'events.lost':
      void loadDevices().catch((err) => reportError(`devices: ${messageOf(err)}`));
      break;
  }
}

async function start() {
  link('connecting');
  try {
    await loadConfig();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return askToken();
    notice(`The daemon does not answer: ${messageOf(e)}`);
  }
  byId('token-form').hidden = true;
  byId('forget-token').hidden = getToken() === null;
  notice('');
  await Promise.all([loadDevices(), loadHealth()]).catch((e) => reportError(messageOf(e)));
  setInterval(() => void loadHealth().catch((e) => reportError(`health: ${messageOf(e)}`)), HEALTH_EVERY_MS);
  void followEvents('/v1/admin/console/events', {
    onFrame,
    onState: (state) => {
      link(state);
      if (state === 'live') void loadDevices().catch((e) => reportError(`devices: ${messageOf(e)}`));
      if (state === 'auth') askToken();
    },
  });
}

byId('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = /** @type {HTMLInputElement} */ (byId('token'));
  setToken(input.value.trim());
  input.value = '';
  location.reload();
});
byId('forget-token').addEventListener('click', () => {
  setToken(null);
  location.reload();
});
wireConfig();
wirePreview();
void start();
