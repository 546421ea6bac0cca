// The panels, in page order, and one function that mounts any set of them —
// used by the page (app.js), the iframe embed (embed.js) and the
// <restake-calc> element (restake-calc.js), so all three show the same thing.
import { mountLoopPanel } from './loop.js';
import { mountDepegPanel } from './depeg.js';
import { mountProbabilityPanel } from './probability.js';
import { mountYieldsPanel } from './yields.js';
import { mountRiskPanel } from './risk.js';
import { mountPortfolioPanel } from './portfolio.js';

/** name -> { title id, mount(root, calc, options), needsLoop } */
export const PANELS = {
  loop: { mount: mountLoopPanel },
  depeg: {
    mount: (root, calc, { loop, loopRoot }) => mountDepegPanel(root, calc, { source: loopRoot, initial: loop.last() }),
    needsLoop: true,
  },
  probability: { mount: mountProbabilityPanel, needsLoop: true },
  yield: { mount: mountYieldsPanel },
  risk: { mount: mountRiskPanel },
  portfolio: { mount: mountPortfolioPanel },
};

/** The section id and aria title id each panel's markup uses. */
const IDS = { loop: 'loop', depeg: 'depeg', probability: 'probability', yield: 'yields', risk: 'risk', portfolio: 'portfolio' };

/** The panels `name` stands for ("all" for every one); unknown names give []. */
export function panelNames(name) {
  if (name === 'all') return Object.keys(PANELS);
  if (!Object.hasOwn(PANELS, name)) return [];
  return PANELS[name].needsLoop ? ['loop', name] : [name];
}

/** Mounts the panels `names` into new sections appended to `container`, the
 *  loop panel first so the others can follow it. `urlState`: keep the
 *  scenario in the address (the page and the iframe; not the element).
 *  Returns { loop, sections }. */
export function mountPanels(container, calc, names, { urlState = true } = {}) {
  const hash = location.hash; // read before the loop panel rewrites it
  const sections = {};
  for (const name of names) {
    const section = document.createElement('section');
    section.className = 'panel';
    section.id = IDS[name];
    section.dataset.panel = name === 'yield' ? 'yields' : name;
    section.setAttribute('aria-labelledby', `${IDS[name]}-title`);
    container.append(section);
    sections[name] = section;
  }
  const loop = sections.loop ? mountLoopPanel(sections.loop, calc, { urlState }) : null;
  for (const name of names) {
    if (name === 'loop') continue;
    PANELS[name].mount(sections[name], calc, { loop, loopRoot: sections.loop, hash, urlState });
  }
  return { loop, sections };
}
