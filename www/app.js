// The page's entry point: load the WebAssembly calculator once, then mount
// the panels. If the module cannot load, say so in the page.
import init, * as calc from './pkg/restake_calc.js';
import { mountLoopPanel } from './panels/loop.js';
import { mountDepegPanel } from './panels/depeg.js';

try {
  await init();
  const loopRoot = document.querySelector('[data-panel="loop"]');
  const loop = mountLoopPanel(loopRoot, calc);
  mountDepegPanel(document.querySelector('[data-panel="depeg"]'), calc, { source: loopRoot, initial: loop.last() });
  document.documentElement.dataset.ready = 'true';
} catch (error) {
  const note = document.createElement('p');
  note.className = 'error';
  note.setAttribute('role', 'alert');
  note.textContent = `The calculator could not start: ${error?.message ?? error}`;
  document.querySelector('main').prepend(note);
  throw error;
}
