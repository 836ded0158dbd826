// @ts-check
/** The receipt preview (GW-3): any document (or the test page) rendered as the chosen printer would print it. */
import { request } from './api.js';
import { byId, messageOf } from './dom.js';

/** @type {string | null} */
let shownUrl = null;

async function preview() {
  const printer = /** @type {HTMLSelectElement} */ (byId('preview-printer')).value;
  const doc = /** @type {HTMLTextAreaElement} */ (byId('preview-doc')).value.trim();
  const error = byId('preview-error');
  const img = /** @type {HTMLImageElement} */ (byId('preview-img'));
  error.hidden = true;
  if (!printer) {
    error.textContent = 'No printer configured.';
    error.hidden = false;
    return;
  }
  const path = `/v1/printers/${encodeURIComponent(printer)}/preview`;
  try {
    const res = doc ? await request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: doc }) : await request(path);
    if (shownUrl) URL.revokeObjectURL(shownUrl);
    shownUrl = URL.createObjectURL(await res.blob());
    img.src = shownUrl;
    img.hidden = false;
  } catch (e) {
    error.textContent = `Preview refused: ${messageOf(e)}`;
    error.hidden = false;
  }
}

export function wirePreview() {
  byId('preview-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void preview();
  });
}
