// @ts-check
/** Small DOM helpers: elements are built with textContent only, so nothing from the daemon is ever parsed as HTML. */

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el;
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attrs] attributes (`class`, `data-*` …)
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** @param {string} iso @returns {string} local time of day */
export function timeOf(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

/**
 * Prepend an entry to a list, keeping at most `max`.
 * @param {HTMLElement} list
 * @param {HTMLElement} item
 * @param {number} [max]
 */
export function prependCapped(list, item, max = 20) {
  list.prepend(item);
  while (list.children.length > max) list.lastElementChild?.remove();
}

/** @param {unknown} e @returns {string} */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
