// The portfolio panel: a book of ETH, perpetuals, options and leveraged
// loops; its greeks, a P&L grid over ETH price × volatility (a table with
// coloured cells), the payoff chart, the hedge and crash protection, and
// VaR/ES by method. Every number comes from portfolioRisk in the wasm
// module; this file only moves text in and out of the page (percent fields
// are shifted as text, never multiplied).

import { clearErrors, showError } from '../lib/form.js';
import { percentToFraction } from '../lib/text.js';
import * as fmt from '../lib/format.js';
import { cssVar, lineChart, verticalMarkers } from '../lib/chart.js';
import markup, { positionRows } from './portfolio.html.js';

const PANEL_LOOP = 'panel';

/** Example books. Values are typed text, as a user would type them. */
const PRESETS = [
  {
    id: 'loop-eth-perp-puts',
    label: 'Loop + ETH + perp short + puts',
    note: 'A weETH loop on Aave, 5 ETH held, a 20 ETH perpetual short and two lines of puts.',
    positions: [
      { kind: 'loop', scenario: 'weeth-aave-emode', equity: '10', loops: '5' },
      { kind: 'spot', quantity: '5' },
      { kind: 'perp', side: 'short', quantity: '20', walletBalance: '12000', maintenanceMarginRate: '0.5', fundingRate: '0.01' },
      { kind: 'option', type: 'put', quantity: '10', strike: '2500', days: '30' },
      { kind: 'option', type: 'put', quantity: '5', strike: '2000', days: '90' },
    ],
  },
  {
    id: 'hedged-loop',
    label: 'Loop hedged with a perp short',
    note: "The loop's 10 ETH of equity sold short on a perpetual: no ETH price exposure left, only the de-peg and the funding.",
    positions: [
      { kind: 'loop', scenario: 'weeth-aave-emode', equity: '10', loops: '5' },
      { kind: 'perp', side: 'short', quantity: '10', walletBalance: '10000', maintenanceMarginRate: '0.5', fundingRate: '0.01' },
    ],
  },
  {
    id: 'covered-calls',
    label: 'ETH with covered calls',
    note: 'Hold 10 ETH and sell 10 calls 20 % above the price: income now, upside capped.',
    positions: [
      { kind: 'spot', quantity: '10' },
      { kind: 'option', type: 'call', quantity: '-10', strike: '3600', days: '30' },
    ],
  },
  {
    id: 'protective-puts',
    label: 'ETH with protective puts',
    note: 'Hold 10 ETH and buy 10 puts 10 % below the price: a floor under the loss, paid for by the premium.',
    positions: [
      { kind: 'spot', quantity: '10' },
      { kind: 'option', type: 'put', quantity: '10', strike: '2700', days: '60' },
    ],
  },
];
const DEFAULT_PRESET = PRESETS[0].id;
/** The example market and settings every preset starts from. */
const DEFAULTS = {
  '#pf-spot': '3000',
  '#pf-vol': '70',
  '#pf-rate': '4',
  '#pf-horizon': '7',
  '#pf-crash': '30',
  '#pf-put-strike': '',
  '#pf-put-days': '30',
  '#pf-confidence': '99',
  '#pf-tail-days': '1',
  '#pf-dof': '4',
  '#pf-skew': '-0.4',
  '#pf-kurtosis': '5',
};
/** The fixed fields: selector, API path, percent (shifted as text) or not. */
const FIELDS = [
  ['#pf-spot', 'market.spot'],
  ['#pf-vol', 'market.vol', true],
  ['#pf-rate', 'market.rate', true],
  ['#pf-horizon', 'payoff.horizonDays'],
  ['#pf-crash', 'protection.crash', true],
  ['#pf-put-strike', 'protection.strike'],
  ['#pf-put-days', 'protection.days'],
  ['#pf-confidence', 'tail.confidence', true],
  ['#pf-tail-days', 'tail.horizonDays'],
  ['#pf-dof', 'tail.dof'],
  ['#pf-skew', 'tail.skew'],
  ['#pf-kurtosis', 'tail.excessKurtosis'],
];
/** Per kind: the parts read into the position, with percent ones marked. */
const PARTS = {
  spot: [['quantity']],
  perp: [['side'], ['quantity'], ['entryPrice'], ['walletBalance'], ['maintenanceMarginRate', true], ['fundingRate', true]],
  option: [['kind'], ['quantity'], ['strike'], ['days'], ['vol', true]],
  loop: [['equity'], ['loops']],
};
const KIND_NAMES = { spot: 'ETH held', perp: 'Perpetual future', option: 'Option', loop: 'Leveraged loop' };
const METHOD_NAMES = { normal: 'Normal', cornishFisher: 'Cornish-Fisher (skew, fat tails)', studentT: 'Student-t (fat tails)', historical: 'Historical (your returns)' };

const formatters = new Map();
/** An Intl.NumberFormat, made once per set of options (making one is slow). */
const nf = (digits, extra = {}) => {
  const key = `${digits} ${JSON.stringify(extra)}`;
  return formatters.get(key) ?? formatters.set(key, new Intl.NumberFormat('en', { maximumFractionDigits: digits, ...extra })).get(key);
};
const usd = (x, digits = 0) => (x == null ? '–' : `${nf(digits).format(x)} USD`);
const signedUsd = (x, digits = 0) => (x == null ? '–' : `${nf(digits, { signDisplay: 'exceptZero' }).format(x)} USD`);
/** Short signed amounts for the grid and the axis: "+621", "−12.3K". */
const compact = (x) => nf(Math.abs(x) < 1000 ? 0 : 1, { notation: 'compact', signDisplay: 'exceptZero' }).format(x);
const signedPct = (fraction, digits = 0) => `${nf(digits, { signDisplay: 'exceptZero' }).format(fraction * 100)} %`;

/** Renders the portfolio panel into `root`, wired to the calculator `calc`.
 *  `loop`: the loop panel's API (mountLoopPanel's return), or null. */
export function mountPortfolioPanel(root, calc, { loop = null } = {}) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.replaceChildren(template.content);
  const $ = (sel) => root.querySelector(sel);
  const form = $('#pf-form');
  const presets = calc.presets();
  const ui = {
    preset: $('#pf-preset'),
    presetNote: $('#pf-preset-note'),
    list: $('#pf-positions'),
    add: $('#pf-add'),
    addButton: $('#pf-add-button'),
    returns: $('#pf-returns'),
    stale: $('#pf-stale'),
    results: $('#pf-results'),
  };

  ui.preset.append(new Option('Custom (your own book)', ''));
  for (const p of PRESETS) ui.preset.append(new Option(p.label, p.id));

  // --- the positions list -----------------------------------------------------
  let serial = 0; // for unique ids; never reused
  const rows = () => [...ui.list.children];
  const part = (li, name) => li.querySelector(`[data-part="${name}"]`);

  /** Numbers the rows and sets each control's API path (for errors). */
  function index() {
    rows().forEach((li, i) => {
      const kind = li.dataset.kind;
      part(li, 'legend').textContent = `${i + 1}. ${KIND_NAMES[kind]}`;
      part(li, 'remove').setAttribute('aria-label', `Remove position ${i + 1} (${KIND_NAMES[kind]})`);
      for (const el of li.querySelectorAll('input[data-part], select[data-part]')) {
        el.dataset.field = el.dataset.part === 'scenario' ? `positions[${i}].loop` : `positions[${i}].${kind}.${el.dataset.part}`;
      }
    });
  }

  function addPosition(values = { kind: 'spot' }) {
    const t = document.createElement('template');
    t.innerHTML = positionRows[values.kind];
    const li = t.content.firstElementChild;
    const n = ++serial;
    for (const el of li.querySelectorAll('[data-part]')) {
      if (el.dataset.part === 'remove' || el.dataset.part === 'legend') continue;
      el.id = `pf-${n}-${el.dataset.part}`;
      const label = li.querySelector(`label[data-for="${el.dataset.part}"]`);
      if (label) label.htmlFor = el.id;
    }
    if (values.kind === 'loop') {
      const select = part(li, 'scenario');
      if (loop) select.append(new Option('As in the loop panel above', PANEL_LOOP));
      for (const s of presets.scenarios) select.append(new Option(s.label, s.id));
    }
    const defaults = {
      spot: { quantity: '1' },
      perp: { side: 'short', quantity: '1', walletBalance: '1000', maintenanceMarginRate: '0.5', fundingRate: '0.01' },
      option: { kind: 'put', quantity: '1', strike: '2500', days: '30' },
      loop: { scenario: 'weeth-aave-emode', equity: '10', loops: '5' },
    }[values.kind];
    for (const [name, value] of Object.entries({ ...defaults, ...values, kind: undefined })) {
      const el = part(li, name === 'type' ? 'kind' : name);
      if (el && value !== undefined) el.value = value;
    }
    if (values.kind === 'option' && values.type) part(li, 'kind').value = values.type;
    ui.list.append(li);
    index();
    syncLoopRows();
    return li;
  }

  ui.list.addEventListener('click', (event) => {
    const button = event.target.closest('[data-part="remove"]');
    if (!button) return;
    const li = button.closest('li');
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    index();
    (next ? part(next, 'remove') : ui.add).focus();
    leavePreset();
    schedule();
  });

  /** Loop rows that follow the loop panel take its capital and loops too. */
  function syncLoopRows() {
    for (const li of rows().filter((r) => r.dataset.kind === 'loop')) {
      const fromPanel = part(li, 'scenario').value === PANEL_LOOP;
      for (const name of ['equity', 'loops']) {
        const el = part(li, name);
        el.disabled = fromPanel;
        if (fromPanel) el.value = '';
      }
    }
  }

  function applyPreset(id) {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return;
    for (const [sel, value] of Object.entries(DEFAULTS)) $(sel).value = value;
    ui.returns.value = '';
    ui.list.replaceChildren();
    for (const p of preset.positions) addPosition(p);
    ui.preset.value = id;
    ui.presetNote.textContent = `${preset.note} Prices are an example market; type today's.`;
  }

  function leavePreset() {
    ui.preset.value = '';
    ui.presetNote.textContent = '';
  }

  // --- reading the form into a portfolioRisk input -------------------------------
  const text = (el) => el.value.trim();
  const maybePercent = (value, percent) => (percent ? percentToFraction(value) : value);

  function setPath(obj, path, value) {
    const keys = path.split('.');
    let at = obj;
    for (const k of keys.slice(0, -1)) at = at[k] ??= {};
    at[keys.at(-1)] = value;
  }

  /** A loopPosition input from a loop preset (the token's and market's published values). */
  function loopFromScenario(id, li) {
    if (id === PANEL_LOOP) {
      const input = loop?.last()?.input;
      if (!input) throw Object.assign(new Error('the loop panel has no valid result yet: fix it, or pick a loop here'), { field: part(li, 'scenario').dataset.field });
      return structuredClone(input);
    }
    const scenario = presets.scenarios.find((s) => s.id === id);
    const token = presets.tokens.find((t) => t.id === scenario.token);
    const market = presets.markets.find((m) => m.id === scenario.market);
    const input = {
      collateral: { exchangeRate: token.exchangeRate, sustainableApr: token.sustainableApr, incentiveApr: token.incentiveApr },
      market: {
        protocol: market.protocol,
        maxLtv: market.maxLtv,
        liquidationThreshold: market.liquidationThreshold,
        liquidationBonus: market.liquidationBonus,
        borrowApr: market.borrowApr,
        oracle: market.oracle,
      },
    };
    for (const [name] of PARTS.loop) if (text(part(li, name))) input[name] = text(part(li, name));
    return input;
  }

  /** Pasted returns: one per line (the last column of a CSV line; a header
   *  line is skipped) or one comma-separated line. Percent, shifted as text;
   *  anything that is not a number is passed on for the calculator to name. */
  function readReturns() {
    const lines = ui.returns.value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) return undefined;
    let values = lines.length === 1 ? lines[0].split(/[,;\t ]+/) : lines.map((l) => l.split(/[,;\t]+/).at(-1).trim());
    if (lines.length > 1 && /[a-z]/i.test(values[0])) values = values.slice(1);
    return values.filter(Boolean).map((v) => percentToFraction(v.replace(/%$/, '')));
  }

  function readInput() {
    const input = {};
    for (const [sel, path, percent] of FIELDS) {
      const v = text($(sel));
      if (v !== '') setPath(input, path, maybePercent(v, percent));
    }
    input.positions = rows().map((li) => {
      const kind = li.dataset.kind;
      if (kind === 'loop') return { loop: loopFromScenario(part(li, 'scenario').value, li) };
      const fields = {};
      for (const [name, percent] of PARTS[kind]) {
        const v = text(part(li, name));
        if (v !== '') fields[name] = maybePercent(v, percent);
      }
      return { [kind]: fields };
    });
    const returns = readReturns();
    if (returns) setPath(input, 'tail.returns', returns);
    return input;
  }

  /** Shows an error by its control, or by the nearest control whose path
   *  contains it (a loop's market, one of the pasted returns). */
  function showErrorNear(error) {
    const field = typeof error?.field === 'string' ? error.field : '';
    const controls = [...form.querySelectorAll('[data-field]')];
    if (!field || controls.some((el) => el.dataset.field === field)) return showError(form, error);
    const owner = controls
      .filter((el) => field.startsWith(el.dataset.field) && /^[.[]/.test(field.slice(el.dataset.field.length)))
      .sort((a, b) => b.dataset.field.length - a.dataset.field.length)[0];
    if (!owner) return showError(form, error);
    let rest = String(error.message).slice(owner.dataset.field.length).replace(/^\./, '');
    rest = rest.replace(/^\[(\d+)\]: /, (_, i) => `entry ${Number(i) + 1}: `);
    showError(form, { field: owner.dataset.field, message: rest });
  }

  // --- computing ------------------------------------------------------------------
  const payoff = makePayoffChart($('#pf-payoff-chart'), $('#pf-payoff-summary'));
  let last = null;
  let frame = 0; // a recomputation waiting for the next frame

  function recompute() {
    cancelAnimationFrame(frame);
    frame = 0;
    index();
    syncLoopRows();
    let input, risk;
    try {
      input = readInput();
      risk = calc.portfolioRisk(input);
    } catch (error) {
      showErrorNear(error);
      ui.stale.hidden = last === null;
      ui.results.classList.toggle('is-stale', last !== null);
      root.dispatchEvent(new CustomEvent('calc-error', { detail: error, bubbles: true }));
      return;
    }
    clearErrors(form);
    ui.stale.hidden = true;
    ui.results.classList.remove('is-stale');
    last = { input, risk };
    const names = rows().map((li, i) => describe(li, i));
    renderFigures(root, risk);
    renderBreakdown($('#pf-breakdown tbody'), risk, names);
    renderLiquidations($('#pf-liquidations'), risk, names);
    renderHedge(root, risk);
    renderHeat($('#pf-heat'), risk.grid);
    renderTail($('#pf-tail tbody'), $('#pf-tail-note'), risk.tail);
    payoff.update(risk);
    root.dispatchEvent(new CustomEvent('calc-result', { detail: last, bubbles: true }));
  }

  /** A row's name for the results: "2. Perpetual (short 20 ETH)". */
  function describe(li, i) {
    const kind = li.dataset.kind;
    const v = (name) => text(part(li, name));
    const detail = {
      spot: () => `${v('quantity')} ETH`,
      perp: () => `${part(li, 'side').value} ${v('quantity')} ETH`,
      option: () => `${v('quantity')} ${part(li, 'kind').value}s at ${v('strike')} USD, ${v('days')} days`,
      loop: () => part(li, 'scenario').selectedOptions[0]?.textContent ?? '',
    }[kind]();
    return `${i + 1}. ${KIND_NAMES[kind]} (${detail})`;
  }

  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(recompute);
  };
  form.addEventListener('input', (event) => {
    if (event.target === ui.preset || event.target === ui.add) return;
    leavePreset();
    schedule();
  });
  form.addEventListener('change', (event) => {
    if (event.target === ui.preset && ui.preset.value) {
      applyPreset(ui.preset.value);
      schedule();
    } else if (event.target.dataset?.part === 'scenario') {
      syncLoopRows();
      schedule();
    }
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  ui.addButton.addEventListener('click', () => {
    const li = addPosition({ kind: ui.add.value });
    li.querySelector('input, select').focus();
    leavePreset();
    schedule();
  });
  // A loop that follows the loop panel follows its changes, in the same frame
  // (heard at the root node: the document, or the element's shadow root).
  root.getRootNode().addEventListener('calc-result', (event) => {
    if (event.target.dataset?.panel === 'loop' && rows().some((li) => part(li, 'scenario')?.value === PANEL_LOOP)) recompute();
  });

  applyPreset(DEFAULT_PRESET);
  recompute();
  return { recompute, last: () => last };
}

// --- rendering ------------------------------------------------------------------------

function renderFigures(root, r) {
  const out = (id, value) => (root.querySelector(`#${id}`).textContent = value);
  const t = r.total;
  out('pf-value', usd(t.value));
  out('pf-delta', `${nf(2, { signDisplay: 'exceptZero' }).format(t.delta)} ETH`);
  out('pf-delta-note', t.delta === 0 ? 'no exposure to small ETH moves' : `the book moves like ${fmt.num(Math.abs(t.delta), 2)} ETH ${t.delta > 0 ? 'held' : 'sold short'}`);
  out('pf-gamma', `${nf(3, { signDisplay: 'exceptZero' }).format(t.gammaPerPercent)} ETH`);
  out('pf-vega', signedUsd(t.vegaPerPoint));
  out('pf-theta', signedUsd(t.thetaPerDay));
  out('pf-carry', signedUsd(t.carryPerDay));
  out('pf-depeg', usd(t.depegPerPoint));
}

function cellRow(texts, header = true) {
  const tr = document.createElement('tr');
  texts.forEach((value, i) => {
    const cell = document.createElement(i === 0 && header ? 'th' : 'td');
    if (i === 0 && header) cell.scope = 'row';
    cell.textContent = value;
    tr.append(cell);
  });
  return tr;
}

function renderBreakdown(tbody, r, names) {
  const liquidation = (p) => (p.liquidationPrice == null ? (p.kind === 'loop' ? 'not by the ETH price' : 'never') : `${usd(p.liquidationPrice)} (${signedPct(p.liquidationMove, 1)})`);
  tbody.replaceChildren(
    ...r.positions.map((p, i) =>
      cellRow([
        names[i],
        fmt.num(p.greeks.value, 0),
        fmt.num(p.greeks.delta, 3),
        fmt.num(p.greeks.gammaPerPercent, 3),
        fmt.num(p.greeks.vegaPerPoint, 1),
        fmt.num(p.greeks.thetaPerDay, 1),
        fmt.num(p.greeks.carryPerDay, 1),
        liquidation(p),
      ]),
    ),
  );
}

function renderLiquidations(el, r, names) {
  const lines = [];
  const item = (value) => {
    const li = document.createElement('li');
    li.textContent = value;
    return li;
  };
  r.positions.forEach((p, i) => {
    if (p.kind === 'perp') {
      lines.push(
        p.liquidationPrice == null
          ? `${names[i]} is fully margined: no ETH price liquidates it.`
          : `${names[i]} is liquidated if ETH reaches ${usd(p.liquidationPrice)} (${signedPct(p.liquidationMove, 1)}); its ${usd(p.greeks.value)} of margin would be lost.`,
      );
    } else if (p.kind === 'loop') {
      const l = p.loop;
      const how =
        l.liquidationDrop == null
          ? 'It has no debt, so nothing can liquidate it.'
          : l.liquidationDepeg != null
            ? `Its market reads the token's market price: a de-peg of ${fmt.pct(l.liquidationDepeg, 1)} below the exchange rate liquidates it.`
            : `Its market reads the token's exchange rate: a de-peg alone cannot liquidate it; a ${fmt.pct(l.liquidationDrop, 1)} fall of the exchange rate (slashing, a loss) would.`;
      lines.push(`${names[i]} borrows ETH against the token, so a fall of ETH in dollars does not liquidate it (it only shrinks its ${fmt.num(l.equityEth, 3)} ETH of equity in dollars). ${how}`);
    }
  });
  if (lines.length === 0) lines.push('Nothing in this book can be liquidated: no perpetuals, no loops.');
  el.replaceChildren(...lines.map(item));
}

function renderHedge(root, r) {
  const hedge = root.querySelector('#pf-hedge');
  const t = r.total;
  hedge.textContent = r.hedge
    ? `To make the book's delta zero, go ${r.hedge.side} ${fmt.num(r.hedge.quantity, 3)} ETH of perpetuals (${usd(r.hedge.notional)} of notional). That removes the exposure to small ETH moves only: gamma (${nf(3, { signDisplay: 'exceptZero' }).format(t.gammaPerPercent)} ETH per 1 %) and vega (${signedUsd(t.vegaPerPoint)} per point) stay, and so do the loops' de-peg risk and the funding.`
    : "The book's delta is already zero: small ETH moves do not change its value.";
  const p = r.protection;
  const crash = fmt.pct(p.crash, 0);
  root.querySelector('#pf-protection').textContent =
    p.quantity === 0
      ? `In a ${crash} crash this book would ${p.lossWithout <= 0 ? `gain ${usd(-p.lossWithout)}` : `lose ${usd(p.lossWithout)}`}; it is not long ETH, so it needs no puts.`
      : `Buying ${fmt.num(p.quantity, 2)} puts at ${usd(p.strike)} expiring in ${fmt.num(p.days, 0)} days costs ${usd(p.cost)} today (${usd(p.premium, 2)} each) — lost if nothing happens. ` +
        `In a ${crash} crash the book would lose ${usd(p.lossWithout)} without them and ${usd(p.lossWith)} with them (the puts would then be worth ${usd(p.payout)}).`;
}

/** The P&L grid as a table: rows are volatility moves, columns ETH prices;
 *  each cell's class marks its sign and size against the largest cell. */
function renderHeat(table, grid) {
  const head = table.tHead.rows[0];
  head.replaceChildren(head.cells[0]);
  grid.spots.forEach((s, j) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = `${nf(0).format(s)} (${signedPct(grid.spotShocks[j])})`;
    head.append(th);
  });
  const largest = Math.max(...grid.pnl.flat().map(Math.abs)) || 1;
  table.tBodies[0].replaceChildren(
    ...grid.volShocks.map((v, i) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = v === 0 ? 'unchanged' : signedPct(v);
      tr.append(th);
      for (const value of grid.pnl[i]) {
        const td = document.createElement('td');
        const level = Math.ceil((4 * Math.abs(value)) / largest);
        td.className = value === 0 || level === 0 ? 'heat-0' : `heat-${value > 0 ? 'p' : 'n'}${level}`;
        td.textContent = value === 0 ? '0' : compact(value);
        tr.append(td);
      }
      return tr;
    }),
  );
}

function renderTail(tbody, note, tail) {
  tbody.replaceChildren(
    ...tail.methods.map((m) =>
      cellRow([
        METHOD_NAMES[m.method],
        m.var == null ? 'not valid here' : usd(m.var),
        m.es == null ? '–' : usd(m.es),
        m.returnVar == null ? '–' : `${fmt.pct(m.returnVar, 2)}${m.method === 'historical' ? '' : ' (log return)'}`,
      ]),
    ),
  );
  const cf = tail.methods.find((m) => m.method === 'cornishFisher');
  note.textContent =
    `Over ${fmt.num(tail.horizonDays, 2)} day${tail.horizonDays === 1 ? '' : 's'} at ${fmt.pct(tail.confidence, 1)} confidence, with ETH moving ${fmt.pct(tail.stdev, 2)} in a typical such period. ` +
    'Crypto has fat tails: days of three or more typical moves come far more often than a normal distribution allows, so the normal row understates the risk — read the Student-t and Cornish-Fisher rows (and your own history) beside it, and the expected shortfall beside the VaR. ' +
    (cf?.note ? `Cornish-Fisher is not valid for these inputs: ${cf.note}.` : '');
}

/** P&L against the ETH price: now, at the payoff date and at expiry. */
function makePayoffChart(el, summary) {
  const color = (name) => cssVar(el, name);
  let markers = [];
  let chart = null;
  let withExpiry = null;
  const money = (u, v) => (v == null ? '–' : signedUsd(v));
  const options = (expiry, horizonDays) => ({
    class: 'payoff',
    legend: { live: true },
    cursor: { points: { size: 6 } },
    scales: { x: { time: false } },
    axes: [
      { label: 'ETH price (USD)', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { label: 'Profit or loss (USD)', stroke: color('--ink'), grid: { stroke: color('--grid') }, size: 70, values: (u, ticks) => ticks.map(compact) },
    ],
    series: [
      { label: 'ETH', value: (u, v) => (v == null ? '–' : usd(v)) },
      { label: 'Now', stroke: color('--hf'), width: 2, value: money },
      { label: `In ${fmt.num(horizonDays, 1)} days`, stroke: color('--equity'), width: 2, dash: [8, 4], value: money },
      ...(expiry ? [{ label: 'At expiry', stroke: color('--after'), width: 2, value: money }] : []),
    ],
    plugins: [verticalMarkers(() => markers)],
  });
  return {
    update(r) {
      const p = r.payoff;
      const data = [p.spots, p.now, p.horizon, ...(p.expiry ? [p.expiry] : [])];
      markers = [{ x: r.spot, label: 'today', color: color('--muted') }];
      for (const pos of r.positions) {
        if (pos.kind === 'perp' && pos.liquidationPrice != null) markers.push({ x: pos.liquidationPrice, label: 'liquidation', color: color('--danger') });
      }
      const key = `${p.expiry != null}|${p.horizonDays}`;
      if (!chart || key !== withExpiry) {
        chart?.destroy();
        el.replaceChildren();
        chart = lineChart(el, options(p.expiry != null, p.horizonDays), data);
        withExpiry = key;
      } else {
        chart.setData(data);
      }
      const last = p.spots.length - 1;
      const at = (curve, i) => signedUsd(curve[i]);
      summary.textContent =
        `If ETH falls to ${usd(p.spots[0])} the book makes ${at(p.now, 0)} right away` +
        (p.expiry ? ` and ${at(p.expiry, 0)} at the last expiry (${fmt.num(p.expiryDays, 0)} days)` : '') +
        `; if it rises to ${usd(p.spots[last])}, ${at(p.now, last)}` +
        (p.expiry ? ` and ${at(p.expiry, last)}.` : '.');
    },
  };
}
