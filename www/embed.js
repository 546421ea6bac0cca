// The iframe embed: one panel, chosen by ?panel=…, with the scenario in the
// hash; it tells the parent page its height whenever that changes, so the
// parent's embed-parent.js can size the iframe to fit.
import init, * as calc from './pkg/restake_calc.js';
import { mountPanels, panelNames } from './panels/index.js';
import { followSystem } from './lib/theme.js';

const params = new URLSearchParams(location.search);
const theme = params.get('theme');
followSystem(document.documentElement, () => theme ?? 'auto');

export const HEIGHT_MESSAGE = 'restake-calc:height';
/** What embed-parent.js sends to ask for the height again. */
const HEIGHT_REQUEST = 'restake-calc:height?';

function postHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (window.parent !== window) window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
}

try {
  await init();
  const names = panelNames(params.get('panel') ?? 'loop');
  await mountPanels(document.getElementById('panels'), calc, names.length ? names : panelNames('loop'));
  new ResizeObserver(postHeight).observe(document.documentElement);
  addEventListener('message', (event) => {
    if (event.source === window.parent && event.data?.type === HEIGHT_REQUEST) postHeight();
  });
  document.documentElement.dataset.ready = 'true';
} catch (error) {
  const note = Object.assign(document.createElement('p'), { className: 'error', textContent: `The calculator could not start: ${error?.message ?? error}` });
  document.body.prepend(note);
  throw error;
}
