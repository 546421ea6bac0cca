// <restake-calc>: the calculator as one custom element for articles.
//
//   <script type="module" src="https://…/restake-calc.js"></script>
//   <restake-calc panel="loop" preset="ezeth-aave-emode" equity="25"></restake-calc>
//
// Attributes: panel (loop, depeg, probability, yield, risk, all), preset (a scenario
// id from presets()), every loop input by its name (equity, exchange-rate,
// market-price, sustainable-apr, incentive-apr, protocol, max-ltv,
// liquidation-threshold, liquidation-bonus, borrow-apr, oracle, loops,
// target-leverage, swap-cost, flash-loan-fee — in the page's units: % for
// rates), compact (results only) and theme (light, dark, auto). Changes apply
// live. A `change` event carries { panel, input, result } after each result.
//
// Any number of elements share one WebAssembly instance, loaded on first use.
// Styles live in each element's shadow root: nothing leaks in or out; the host
// page themes it through CSS custom properties (--accent, --bg, --ink, …).
import init, * as calc from './pkg/restake_calc.js';
import { mountPanels, panelNames } from './panels/index.js';
import { INPUT_IDS } from './panels/loop.js';
import { applyTheme, followSystem } from './lib/theme.js';

const base = new URL('.', import.meta.url);
let calculator = null;

/** The wasm module and the chart library, loaded once for every element. */
function loadCalculator() {
  calculator ??= Promise.all([init(), loadChartLibrary()]).then(() => calc);
  return calculator;
}

function loadChartLibrary() {
  if (globalThis.uPlot) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: new URL('vendor/uPlot.iife.min.js', base).href });
    script.onload = resolve;
    script.onerror = () => reject(new Error('the chart library could not be loaded'));
    document.head.append(script);
  });
}

const OWN_ATTRIBUTES = ['panel', 'preset', 'compact', 'theme'];

class RestakeCalcElement extends HTMLElement {
  static observedAttributes = [...OWN_ATTRIBUTES, ...INPUT_IDS];

  #root = this.attachShadow({ mode: 'open' });
  #panels = null;
  #loop = null;
  #renders = 0;

  connectedCallback() {
    if (this.#panels) return;
    followSystem(this, () => this.getAttribute('theme') ?? 'auto');
    this.#render();
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#panels || old === value) return;
    if (name === 'theme') applyTheme(this, value ?? 'auto');
    else if (name === 'panel') this.#render();
    else if (name === 'preset') this.#loop?.applyScenario(value);
    else if (name !== 'compact') this.#loop?.setInput(name, value);
  }

  async #render() {
    const render = ++this.#renders; // a newer render (the panel attribute changed) supersedes this one
    const names = panelNames(this.getAttribute('panel') ?? 'loop');
    const status = Object.assign(document.createElement('p'), { className: 'loading', textContent: 'Loading the calculator…' });
    status.setAttribute('role', 'status');
    this.#root.replaceChildren(stylesheet('vendor/uPlot.min.css'), stylesheet('style.css'), status);
    this.#panels = names;
    if (names.length === 0) {
      status.textContent = `restake-calc: unknown panel "${this.getAttribute('panel')}" (use loop, depeg, probability, yield, risk, portfolio or all).`;
      return;
    }
    try {
      const calc = await loadCalculator();
      const container = document.createElement('div');
      container.className = 'panels';
      status.replaceWith(container);
      const { loop } = await mountPanels(container, calc, names, { urlState: false });
      if (render !== this.#renders) return;
      this.#loop = loop;
      this.#applyAttributes();
    } catch (error) {
      status.textContent = `The calculator could not start: ${error?.message ?? error}`;
    }
  }

  #applyAttributes() {
    if (!this.#loop) return;
    const preset = this.getAttribute('preset');
    if (preset) this.#loop.applyScenario(preset);
    for (const id of INPUT_IDS) if (this.hasAttribute(id)) this.#loop.setInput(id, this.getAttribute(id));
  }

  constructor() {
    super();
    this.#root.addEventListener('calc-result', (event) => {
      const panel = event.target.dataset?.panel;
      this.dispatchEvent(new CustomEvent('change', { detail: { panel, input: event.detail.input, result: event.detail.position ?? event.detail } }));
    });
  }
}

function stylesheet(path) {
  return Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL(path, base).href });
}

if (!customElements.get('restake-calc')) customElements.define('restake-calc', RestakeCalcElement);
