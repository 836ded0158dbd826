// @ts-check
/** The devices panel (GW-1, GW-4): live state, printer paper/cover/drawer, test-page and drawer buttons; card reads and print jobs. */
import { getJson, postJson } from './api.js';
import { byId, el, messageOf, prependCapped, timeOf } from './dom.js';
import { reportError } from './status.js';

/**
 * @typedef {{ id: string, kind: string, transport: string, state: string, detail: string, since: string, name?: string,
 *   paper?: string, coverOpen?: boolean, drawerOpen?: boolean, online?: boolean }} Device
 */

/** @type {Map<string, Device>} */
const devices = new Map();

/** Re-read every device (on connect and after `events.lost`). */
export async function loadDevices() {
  /** @type {Device[]} */
  const list = await getJson('/v1/devices');
  devices.clear();
  for (const d of list) devices.set(d.id, d);
  renderDevices();
}

/** @param {string} id @param {Partial<Device>} patch */
export function updateDevice(id, patch) {
  const d = devices.get(id);
  if (!d) return;
  devices.set(id, { ...d, ...patch });
  renderDevices();
}

/** @param {Device} d @returns {HTMLElement} */
function facts(d) {
  const dl = el('dl', { class: 'facts' });
  /** @param {string} k @param {string} v @param {string} field */
  const add = (k, v, field) => dl.append(el('dt', {}, [k]), el('dd', { 'data-field': field }, [v]));
  add('transport', d.transport, 'transport');
  add('since', timeOf(d.since), 'since');
  if (d.kind === 'printer') {
    add('paper', d.paper ?? 'unknown', 'paper');
    add('cover', d.coverOpen === undefined ? 'unknown' : d.coverOpen ? 'open' : 'closed', 'cover');
    add('drawer', d.drawerOpen === undefined ? 'unknown' : d.drawerOpen ? 'open' : 'closed', 'drawer');
  }
  return dl;
}

function renderDevices() {
  const list = byId('devices');
  list.replaceChildren();
  const select = /** @type {HTMLSelectElement} */ (byId('preview-printer'));
  const chosen = select.value;
  select.replaceChildren();
  if (devices.size === 0) list.append(el('li', { class: 'empty' }, ['No devices configured']));
  for (const d of devices.values()) {
    const li = el('li', { 'data-device': d.id, 'data-state': d.state }, [
      el('h3', {}, [d.name ? `${d.name} (${d.id})` : d.id, ' ', el('small', {}, [d.kind])]),
      el('span', { class: 'badge', 'data-state': d.state, 'data-field': 'state' }, [d.state]),
      el('p', { class: 'detail' }, [d.detail]),
      facts(d),
    ]);
    if (d.kind === 'printer') {
      const test = el('button', { type: 'button', 'data-action': 'test-page' }, ['Test page']);
      test.addEventListener('click', () => void testPage(d.id));
      const drawer = el('button', { type: 'button', 'data-action': 'drawer' }, ['Open drawer']);
      drawer.addEventListener('click', () => void openDrawer(d.id));
      li.append(el('div', { class: 'actions' }, [test, drawer]));
      select.append(el('option', { value: d.id }, [d.id]));
    }
    list.append(li);
  }
  if (chosen) select.value = chosen;
}

/** @param {string} printerId */
async function testPage(printerId) {
  try {
    /** @type {{ jobId: string, state: string, detail: string | null }} */
    const job = await (await postJson(`/v1/printers/${encodeURIComponent(printerId)}/test-page`)).json();
    showJob(printerId, job.jobId, job.state, job.detail);
  } catch (e) {
    reportError(`test page on ${printerId}: ${messageOf(e)}`);
  }
}

/** @param {string} printerId */
async function openDrawer(printerId) {
  try {
    await postJson(`/v1/printers/${encodeURIComponent(printerId)}/drawer`);
  } catch (e) {
    reportError(`drawer on ${printerId}: ${messageOf(e)}`);
  }
}

/**
 * A print job's line in "Print jobs", updated in place as its state changes.
 * @param {string} printerId @param {string} jobId @param {string} state @param {string | null | undefined} detail
 */
export function showJob(printerId, jobId, state, detail) {
  const list = byId('jobs');
  let li = list.querySelector(`[data-job="${CSS.escape(jobId)}"]`);
  if (!li) {
    li = el('li', { 'data-job': jobId });
    prependCapped(list, /** @type {HTMLElement} */ (li));
  }
  li.setAttribute('data-state', state);
  li.replaceChildren(`${timeOf(new Date().toISOString())} ${printerId}: job ${jobId.slice(0, 12)} `, el('b', {}, [state]), detail ? ` — ${detail}` : '');
}

/**
 * A card read as the daemon sent it to the console: the number arrives masked ("6009 •••• •••• 0021").
 * @param {{ deviceId: string, source: string, scheme: string, cardNumber: string, known?: boolean }} read
 * @param {string} at
 */
export function showRead(read, at) {
  const li = el('li', { 'data-read': read.deviceId }, [
    `${timeOf(at)} ${read.deviceId} (${read.source}) `,
    el('b', { class: 'number' }, [read.cardNumber]),
    ` ${read.scheme}${read.known ? '' : ', not a card of this store'}`,
  ]);
  prependCapped(byId('reads'), li, 10);
}

/** @param {{ deviceId: string, source: string, reason: string }} r @param {string} at */
export function showRejected(r, at) {
  prependCapped(byId('reads'), el('li', { class: 'rejected' }, [`${timeOf(at)} ${r.deviceId} (${r.source}) rejected: ${r.reason}`]), 10);
}
