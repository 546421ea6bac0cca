// Forms <-> API inputs, errors shown by their field, and the URL hash that
// keeps a scenario. Values go to the calculator as the text the user typed
// (numbers or decimal strings are both accepted), so the calculator — not the
// page — decides what is valid and names the field when it is not.

import { plainMessage } from './messages.js';
import { percentToFraction } from './text.js';

/** Sets `obj.a.b.c = value` for the path "a.b.c". */
function setPath(obj, path, value) {
  const keys = path.split('.');
  let at = obj;
  for (const k of keys.slice(0, -1)) at = at[k] ??= {};
  at[keys.at(-1)] = value;
}

/** Whether an element is in use: not inside a [data-mode] block of another mode. */
const active = (el, mode) => {
  const block = el.closest('[data-mode]');
  return !block || block.dataset.mode === mode;
};

/** The API input described by the form's [data-field] controls. Empty fields
 *  are left out, so the calculator applies its defaults or says what is required. */
export function readForm(form, mode) {
  const input = {};
  for (const el of form.querySelectorAll('input[data-field], select[data-field], fieldset.choice[data-field]')) {
    if (!active(el, mode)) continue;
    let value;
    if (el.matches('fieldset')) value = el.querySelector('input:checked')?.value;
    else value = el.value.trim();
    if (value === undefined || value === '') continue;
    if (el.hasAttribute('data-percent')) value = percentToFraction(value);
    setPath(input, el.dataset.field, value);
  }
  return input;
}

/** Removes every error mark from the form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const p of form.querySelectorAll('p.error[data-for]')) {
    const owner = form.querySelector(`[aria-describedby~="${p.id}"]`);
    if (owner) owner.setAttribute('aria-describedby', owner.getAttribute('aria-describedby').replace(p.id, '').trim());
    p.remove();
  }
  const general = form.querySelector('.error[role="alert"]');
  if (general) general.hidden = true;
}

/** Shows a calculator error next to the control of its `field` (or at the
 *  form's general alert when no control matches). Text only, never markup. */
export function showError(form, error) {
  clearErrors(form);
  const field = typeof error?.field === 'string' ? error.field : '';
  const message = String(error?.message ?? error);
  const control = field && [...form.querySelectorAll('[data-field]')].find((el) => el.dataset.field === field);
  if (!control) {
    const general = form.querySelector('.error[role="alert"]');
    general.textContent = plainMessage(message);
    general.hidden = false;
    return;
  }
  const p = document.createElement('p');
  p.className = 'error';
  p.id = `error-${control.id || field.replace(/\W/g, '-')}`;
  p.dataset.for = field;
  p.setAttribute('role', 'alert');
  p.textContent = plainMessage(message, { field, percent: control.hasAttribute('data-percent') });
  const focusable = control.matches('fieldset') ? control.querySelector('input') : control;
  focusable.setAttribute('aria-invalid', 'true');
  focusable.setAttribute('aria-describedby', `${focusable.getAttribute('aria-describedby') ?? ''} ${p.id}`.trim());
  (control.closest('.field') ?? control).append(p);
}

// --- URL state -------------------------------------------------------------

export const STATE_VERSION = '1';
const MAX_VALUE_LENGTH = 40;
const MAX_HASH_LENGTH = 4096;

/** The form's named controls as a compact, versioned hash: "#v=1&e=10&…". */
export function formToHash(form) {
  const params = new URLSearchParams({ v: STATE_VERSION });
  for (const el of form.elements) {
    if (!el.name || (el.type === 'radio' && !el.checked) || el.tagName === 'FIELDSET') continue;
    if (el.value !== '') params.set(el.name, el.value);
  }
  return `#${params}`;
}

// Writing the address costs several milliseconds in Chromium
// (history.replaceState), too much for every keystroke: a new hash waits
// until the input has been still for HASH_DELAY ms, but no more than
// HASH_MAX_WAIT ms in all, and is written at once when something reads it
// (flushHash: "Copy link") or the page is hidden or left.
const HASH_DELAY = 250;
const HASH_MAX_WAIT = 1000;
let pendingHash = null;
let hashTimer = 0;
let hashSince = 0;

/** The hash the page is about to show: the one waiting to be written, or the address's. */
export const currentHash = () => pendingHash ?? location.hash;

/** Puts `hash` in the address soon (see HASH_DELAY). */
export function replaceHashSoon(hash) {
  if (pendingHash === null) {
    hashSince = performance.now();
    if (!hashListening) listenForLeaving();
  }
  pendingHash = hash;
  clearTimeout(hashTimer);
  const wait = Math.max(0, Math.min(HASH_DELAY, hashSince + HASH_MAX_WAIT - performance.now()));
  hashTimer = setTimeout(flushHash, wait);
}

/** Writes the waiting hash, if any, now. */
export function flushHash() {
  clearTimeout(hashTimer);
  if (pendingHash === null) return;
  const hash = pendingHash;
  pendingHash = null;
  if (hash !== location.hash) history.replaceState(null, '', hash);
}

let hashListening = false;
function listenForLeaving() {
  hashListening = true;
  addEventListener('pagehide', flushHash);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flushHash());
}

/** The [name, value] pairs of a hash written by `formToHash`, and what was
 *  wrong with it if it cannot be used at all ("" when fine or empty). */
export function readHash(hash) {
  if (!hash || hash.length < 2) return { entries: [], problem: '' };
  if (hash.length > MAX_HASH_LENGTH) return { entries: [], problem: 'the link is too long' };
  const params = new URLSearchParams(hash.slice(1));
  if (params.get('v') !== STATE_VERSION) return { entries: [], problem: 'the link is from another version or not from this page' };
  return { entries: [...params].filter(([name]) => name !== 'v'), problem: '' };
}

/** Sets the form's named controls from [name, value] pairs, as text only.
 *  Over-long values, and options or radio values that are not offered, are
 *  refused; unknown names are ignored (another panel may own them). Returns
 *  the number applied and the names refused. */
export function applyValues(form, entries) {
  let applied = 0;
  const refused = [];
  for (const [name, value] of entries) {
    const controls = [...form.elements].filter((el) => el.name === name && el.tagName !== 'FIELDSET');
    if (controls.length === 0) continue;
    const text = String(value);
    let ok = text.length <= MAX_VALUE_LENGTH;
    if (ok && controls[0].type === 'radio') {
      const radio = controls.find((r) => r.value === text);
      if (radio) radio.checked = true;
      ok = Boolean(radio);
    } else if (ok && controls[0].tagName === 'SELECT') {
      ok = [...controls[0].options].some((o) => o.value === text);
      if (ok) controls[0].value = text;
    } else if (ok) {
      controls[0].value = text;
    }
    if (ok) applied += 1;
    else refused.push(name);
  }
  return { applied, refused };
}

/** Applies a hash written by `formToHash`; returns whether anything was applied. */
export function hashToForm(form, hash) {
  return applyValues(form, readHash(hash).entries).applied > 0;
}

/** The form's named controls as a plain object (for JSON export). */
export function formValues(form) {
  return Object.fromEntries(new URLSearchParams(formToHash(form).slice(1)));
}
