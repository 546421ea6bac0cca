// The page's entry point: load the WebAssembly calculator once, then mount
// the panels. If the module cannot load, say so in the page.
import init, * as calc from './pkg/restake_calc.js';
import { mountLoopPanel } from './panels/loop.js';
import { mountYieldsPanel } from './panels/yields.js';
import { mountRiskPanel } from './panels/risk.js';
import { mountPortfolioPanel } from './panels/portfolio.js';

try {
  await init();
  const loop = mountLoopPanel(document.querySelector('[data-panel="loop"]'), calc);
  mountYieldsPanel(document.querySelector('[data-panel="yields"]'), calc, { loop });
  mountRiskPanel(document.querySelector('[data-panel="risk"]'), calc, { loop });
  mountPortfolioPanel(document.querySelector('[data-panel="portfolio"]'), calc, { loop });
  document.documentElement.dataset.ready = 'true';
} catch (error) {
  const note = document.createElement('p');
  note.className = 'error';
  note.setAttribute('role', 'alert');
  note.textContent = `The calculator could not start: ${error?.message ?? error}`;
  document.querySelector('main').prepend(note);
  throw error;
}
