// Light and dark: the chosen theme ("auto" follows the system) becomes a
// data-scheme="light|dark" attribute that style.css keys its colours on, on
// the page's <html> or on a <restake-calc> element. Charts redraw on change.

const dark = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
export const THEME_EVENT = 'restake-calc-theme';

/** Sets `target`'s data-scheme for `theme` ("auto", "light" or "dark") and
 *  tells the charts; "auto" keeps following the system setting. */
export function applyTheme(target, theme) {
  const scheme = theme === 'light' || theme === 'dark' ? theme : dark?.matches ? 'dark' : 'light';
  if (target.getAttribute('data-scheme') === scheme) return;
  target.setAttribute('data-scheme', scheme);
  globalThis.dispatchEvent(new CustomEvent(THEME_EVENT));
}

/** Keeps `target` on `theme()` when the system setting changes. */
export function followSystem(target, theme) {
  applyTheme(target, theme());
  dark?.addEventListener('change', () => applyTheme(target, theme()));
}
