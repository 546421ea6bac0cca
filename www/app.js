// The page's entry point: load the WebAssembly calculator once, then mount
// every panel, the loop panel first and painted before the others are built.
// If the module cannot load, say so in the page.
import init, * as calc from './pkg/restake_calc.js';
import { mountPanels, PANELS } from './panels/index.js';
import { addCsvButtons } from './lib/share.js';
import { applyTheme, followSystem } from './lib/theme.js';

const html = document.documentElement;
const toggle = document.getElementById('theme');
followSystem(html, () => toggle.value);
toggle.addEventListener('change', () => applyTheme(html, toggle.value));

try {
  await init();
  const main = document.getElementById('panels');
  await mountPanels(main, calc, Object.keys(PANELS));
  addCsvButtons(main);
  html.dataset.ready = 'true';
} catch (error) {
  const note = document.createElement('p');
  note.className = 'error';
  note.setAttribute('role', 'alert');
  note.textContent = `The calculator could not start: ${error?.message ?? error}`;
  document.querySelector('main').prepend(note);
  throw error;
}
