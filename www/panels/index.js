// The panels, in page order, and one function that mounts any set of them —
// used by the page (app.js), the iframe embed (embed.js) and the
// <restake-calc> element (restake-calc.js), so all three show the same thing.
//
// Only the loop panel is part of the first load: it is the first result a
// reader sees, and the others follow it. The other panels come in one module
// (later.js), fetched once the loop's first result is painted.
import { mountLoopPanel } from './loop.js';

const later = () => import('./later.js');

/** name -> { load() resolving to mount(root, calc, options), needsLoop } */
export const PANELS = {
  loop: { load: async () => mountLoopPanel },
  depeg: {
    load: async () => {
      const { mountDepegPanel } = await later();
      return (root, calc, { loop, loopRoot }) => mountDepegPanel(root, calc, { source: loopRoot, initial: loop.last() });
    },
    needsLoop: true,
  },
  probability: { load: async () => (await later()).mountProbabilityPanel, needsLoop: true },
  yield: { load: async () => (await later()).mountYieldsPanel },
  risk: { load: async () => (await later()).mountRiskPanel },
  portfolio: { load: async () => (await later()).mountPortfolioPanel },
};

/** The section id and aria title id each panel's markup uses. */
const IDS = { loop: 'loop', depeg: 'depeg', probability: 'probability', yield: 'yields', risk: 'risk', portfolio: 'portfolio' };

/** The panels `name` stands for ("all" for every one); unknown names give []. */
export function panelNames(name) {
  if (name === 'all') return Object.keys(PANELS);
  if (!Object.hasOwn(PANELS, name)) return [];
  return PANELS[name].needsLoop ? ['loop', name] : [name];
}

/** Mounts the panels `names` into new sections appended to `container`, in
 *  page order. The loop panel comes first, so that the others can follow it,
 *  and is painted before they are built; each of the others is then mounted
 *  in a task of its own (the page answers input in between), its section
 *  added to the page once its panel is in it. `urlState`: keep the scenario
 *  in the address (the page and the iframe; not the element). Resolves to
 *  { loop, sections } once every panel is mounted. */
export async function mountPanels(container, calc, names, { urlState = true } = {}) {
  const hash = location.hash; // read before the loop panel rewrites it
  const sections = {};
  let loop = null;
  if (names.includes('loop')) {
    container.append((sections.loop = newSection('loop')));
    loop = mountLoopPanel(sections.loop, calc, { urlState });
    if (names.length > 1) await afterPaint();
  }
  // Loaded together, once the first result is on screen.
  const mounts = Object.fromEntries(names.map((name) => [name, PANELS[name].load()]));
  for (const name of names) {
    if (name === 'loop') continue;
    const mount = await mounts[name];
    container.append((sections[name] = newSection(name)));
    mount(sections[name], calc, { loop, loopRoot: sections.loop, hash, urlState });
    await nextTask();
  }
  return { loop, sections };
}

function newSection(name) {
  const section = document.createElement('section');
  section.className = 'panel';
  section.id = IDS[name];
  section.dataset.panel = name === 'yield' ? 'yields' : name;
  section.setAttribute('aria-labelledby', `${IDS[name]}-title`);
  return section;
}

/** Resolves once the next frame has been painted (or after 100 ms, for a
 *  document that is not being rendered: a background tab, a hidden iframe). */
const afterPaint = () =>
  new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });

/** Resolves in a new task, so that input and rendering can come first. */
const nextTask = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve)));
