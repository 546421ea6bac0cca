// The de-peg panel: the loop of the loop panel under both kinds of oracle
// (depegSweepColumns), one liquidation at a chosen fall (liquidate), a
// liquidation cascade through a pool (cascade) and the exit decision
// (exitPlan). It follows the loop panel's scenario through its bubbling
// `calc-result` events. All numbers come from the wasm module; this file
// only moves text in and out of the page.

import { clearErrors, readForm, showError } from '../lib/form.js';
import { percentToFraction } from '../lib/text.js';
import * as fmt from '../lib/format.js';
import { cssVar, lineChart, verticalMarkers } from '../lib/chart.js';
import { byId, setRows, setText } from '../lib/dom.js';
import markup from './depeg.html.js';

/** The charts' range: the price from 100 % to 50 % of today's. */
const CHART_SWEEP = { from: 1, to: 0.5, steps: 101 };
const ORACLES = ['exchangeRate', 'market'];
const VARIABLES = ['marketPrice', 'exchangeRate'];
const DEFAULTS = {
  '#dp-shock': '20',
  '#dp-protocol-fee': '10',
  '#dp-debt-usd': '',
  '#dp-pool-kind': 'constantProduct',
  '#dp-reserve-in': '10000',
  '#dp-reserve-out': '10000',
  '#dp-pool-fee': '0.3',
  '#dp-amplification': '50',
  '#dp-leverage': '10',
  '#dp-position-equity': '10',
  '#dp-count': '20',
  '#dp-sell': '300',
  '#dp-rounds': '50',
  '#dp-withdrawal-days': '7',
  '#dp-exit-cost': '0.5',
};

/** Renders the de-peg panel into `root` and wires it to the calculator
 *  `calc`. `source`: the element whose bubbling `calc-result` events carry
 *  the scenario (`detail.input`, `detail.position`); `initial`: the scenario
 *  to start from (the loop panel's `last()`), if any. */
export function mountDepegPanel(root, calc, { source = document, initial = null } = {}) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.replaceChildren(template.content);
  const $ = (sel) => root.querySelector(sel);
  for (const [sel, value] of Object.entries(DEFAULTS)) $(sel).value = value;
  const pairs = [['#dp-shock-range', '#dp-shock'], ['#dp-leverage-range', '#dp-leverage'], ['#dp-count-range', '#dp-count'], ['#dp-sell-range', '#dp-sell']];
  for (const [range, text] of pairs) $(range).value = $(text).value;

  const events = calc.presets().events;
  renderEvents($('#dp-events'), events);
  const charts = {
    exchangeRate: makeOracleChart($('#dp-er-chart'), $('#dp-er-summary'), 'exchangeRate', events),
    market: makeOracleChart($('#dp-market-chart'), $('#dp-market-summary'), 'market', events),
  };
  const cascadeChart = makeCascadeChart($('#dp-cascade-chart'), $('#dp-cascade-summary'));
  const forms = { liq: $('#dp-liq-form'), cascade: $('#dp-cascade-form'), exit: $('#dp-exit-form') };
  let scenario = null;

  /** Runs `compute` for one section; on a calculator error, shows it by its
   *  field and marks the section's last good result as stale. */
  function section(form, staleId, resultsId, compute) {
    const stale = $(staleId);
    const results = $(resultsId);
    let shown = false;
    return () => {
      if (!scenario) return;
      try {
        compute();
      } catch (error) {
        showError(form, error);
        stale.hidden = !shown;
        results.classList.toggle('is-stale', shown);
        return;
      }
      clearErrors(form);
      shown = true;
      stale.hidden = true;
      results.classList.remove('is-stale');
    };
  }

  const liquidation = section(forms.liq, '#dp-liq-stale', '#dp-liq-results', () => {
    const protocol = scenario.input.market?.protocol;
    showMode(forms.liq, protocol);
    const extra = readForm(forms.liq, protocol);
    const fall = extra.sweep?.to;
    const to = fallToRatio(fall);
    delete extra.sweep;
    const outcomes = VARIABLES.map((variable) => {
      // The oracle price after the fall, from the module; then liquidate() there.
      let point;
      try {
        point = calc.depegSweep({ ...scenario.input, ...extra, sweep: { variable, from: 1, to, steps: 2 } }).points[1];
      } catch (error) {
        throw error?.field === 'sweep.to' && fall !== undefined ? asFall(error, fall) : error;
      }
      const m = scenario.input.market;
      const l = calc.liquidate({
        protocol: m.protocol,
        collateralUnits: scenario.position.collateralUnits,
        debt: scenario.position.debt,
        oraclePrice: point.oraclePrice,
        liquidationThreshold: m.liquidationThreshold,
        liquidationBonus: m.liquidationBonus,
        ...extra,
      });
      return { point, l };
    });
    renderLiquidation(root, outcomes, fall, scenario.input.market?.oracle);
  });

  const cascade = section(forms.cascade, '#dp-cascade-stale', '#dp-cascade-results', () => {
    const kind = $('#dp-pool-kind').value;
    showMode(forms.cascade, kind);
    const input = readForm(forms.cascade, kind);
    const m = scenario.input.market;
    input.market = { protocol: m.protocol, liquidationThreshold: m.liquidationThreshold, liquidationBonus: m.liquidationBonus };
    const result = calc.cascade(input);
    renderCascade(root, result);
    cascadeChart.update(result);
  });

  const exit = section(forms.exit, '#dp-exit-stale', '#dp-exit-results', () => {
    const terms = readForm(forms.exit);
    renderExit(root, calc.exitPlan({ ...scenario.input, ...terms }), terms.withdrawalDays);
  });

  function sweeps() {
    for (const oracle of ORACLES) {
      const input = { ...scenario.input, market: { ...scenario.input.market, oracle } };
      const run = (sweep) => calc.depegSweepColumns({ ...input, sweep });
      try {
        const byVariable = Object.fromEntries(VARIABLES.map((variable) => [variable, run({ variable, ...CHART_SWEEP })]));
        // The loop at the depth of each past de-peg, straight from the module:
        // two de-pegs a call, the first and last points of a two-point sweep.
        const atEvents = [];
        for (let i = 0; i < events.length; i += 2) {
          const [a, b = a] = events.slice(i, i + 2);
          const at = run({ variable: 'marketPrice', from: a.lowRatio, to: b.lowRatio, steps: 2 });
          atEvents.push({ event: a, at, point: 0 });
          if (b !== a) atEvents.push({ event: b, at, point: 1 });
        }
        charts[oracle].update(byVariable, atEvents);
      } catch (error) {
        charts[oracle].unavailable(error);
      }
    }
  }

  function follow(detail) {
    if (!detail?.input || !detail?.position) return;
    scenario = detail;
    $('#dp-source-stale').hidden = true;
    setText($('#dp-following'), describeScenario(detail));
    sweeps();
    liquidation();
    cascade();
    exit();
  }

  const schedulers = new Map();
  const schedule = (run) => {
    cancelAnimationFrame(schedulers.get(run));
    schedulers.set(run, requestAnimationFrame(run));
  };
  const wire = (form, run) => {
    form.addEventListener('input', (event) => {
      for (const [range, text] of pairs) {
        if (event.target === $(range)) $(text).value = $(range).value;
        if (event.target === $(text)) $(range).value = $(text).value;
      }
      schedule(run);
    });
    form.addEventListener('change', () => schedule(run));
    form.addEventListener('submit', (event) => event.preventDefault());
  };
  wire(forms.liq, liquidation);
  wire(forms.cascade, cascade);
  wire(forms.exit, exit);

  source.addEventListener('calc-result', (event) => follow(event.detail));
  source.addEventListener('calc-error', (event) => {
    if (!root.contains(event.target)) $('#dp-source-stale').hidden = scenario === null;
  });
  follow(initial);
  return { follow, scenario: () => scenario };
}

/** Shows the [data-mode] blocks of `mode` only. */
function showMode(form, mode) {
  for (const el of form.querySelectorAll('[data-mode]')) el.hidden = el.dataset.mode !== mode;
}

const PLAIN_DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;

/** "10" (% below today) -> "0.9" (the ratio of today's price), as text so that
 *  the calculator gets exact decimals; anything else is passed on unchanged
 *  for the calculator to report by its field. */
function fallToRatio(fall) {
  if (fall === undefined) return fall;
  return PLAIN_DECIMAL.test(fall) ? percentToFraction(String(100 - Number(fall))) : fall;
}

/** An error on the ratio, said in terms of the fall the user typed. */
function asFall(error, fall) {
  const message = String(error.message).replace(/^sweep\.to: /, '');
  const e = new Error(`sweep.to: the price after a ${fall} % fall, as a share of today's, ${message}`);
  e.field = 'sweep.to';
  return e;
}

function describeScenario({ input, position }) {
  const protocol = input.market?.protocol === 'morphoBlue' ? 'Morpho Blue' : 'Aave V3';
  const oracle = input.market?.oracle === 'market' ? 'market-price' : 'exchange-rate';
  return `Following the loop above: ${fmt.fix(position.leverage, 2)}× leverage on ${protocol} (its oracle: ${oracle}), ${fmt.num(position.collateralUnits, 3)} tokens of collateral against ${fmt.eth(position.debt, 3)} of debt.`;
}

/** "ezETH, April 2024" -> "ezETH Apr 2024" */
const shortLabel = (label) => label.replace(/,\s*(\w{3})\w*\s+(\d{4})$/, ' $1 $2');
const depegPercent = (lowRatio) => (1 - lowRatio) * 100;

function renderEvents(ul, events) {
  ul.replaceChildren(
    ...events.map((e) => {
      const li = document.createElement('li');
      const strong = document.createElement('strong');
      strong.textContent = `${e.label}: `;
      li.append(strong, `lowest about ${fmt.num(e.lowRatio, 3)} of its exchange rate, a ${fmt.num(depegPercent(e.lowRatio), 1)} % de-peg. ${e.note}`);
      return li;
    }),
  );
}

/** HF and equity of the loop under one kind of oracle, as either price falls. */
function makeOracleChart(el, summary, oracle, events) {
  const color = (name) => cssVar(el, name);
  const sorted = [...events].sort((a, b) => b.lowRatio - a.lowRatio);
  let liquidationAt = null;
  let chart = null;
  // On a narrow chart the events are named by their token only. The width is
  // the chart's own (reading the element's would force a layout mid-update).
  const label = (e, width) => (width < 480 ? e.label.split(/[\s,]/)[0] : shortLabel(e.label));
  const markers = (u) => [
    ...sorted.map((e, i) => ({ x: depegPercent(e.lowRatio), label: label(e, u.width), color: color('--muted'), row: i, dash: [2, 3] })),
    { x: liquidationAt, label: oracle === 'market' ? 'liquidation (de-peg)' : 'liquidation (rate falls)', color: color('--danger'), row: sorted.length },
  ];
  const hf = (u, v) => fmt.fix(v, 3);
  const eth = (u, v) => fmt.eth(v, 3);
  const options = () => ({
    class: 'depeg',
    legend: { live: true },
    cursor: { points: { size: 6 } },
    // HF from 0, so that its line and the equity line (both straight in the
    // price) do not fall on top of each other.
    scales: { x: { time: false }, hf: { range: (u, min, max) => [0, Math.max(1.5, (max ?? 0) * 1.1)] }, eq: { auto: true } },
    axes: [
      { label: 'Fall of the price (% below today)', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { scale: 'hf', label: 'Health factor', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { scale: 'eq', side: 1, label: 'Equity (ETH)', stroke: color('--ink'), grid: { show: false } },
    ],
    series: [
      { label: 'Fall', value: (u, v) => (v == null ? '–' : `${fmt.num(v, 1)} %`) },
      { label: 'HF, de-peg', scale: 'hf', stroke: color('--hf'), width: 2, value: hf },
      { label: 'HF, rate falls', scale: 'hf', stroke: color('--hf'), width: 2, dash: [6, 4], value: hf },
      { label: 'Equity if sold, de-peg', scale: 'eq', stroke: color('--equity'), width: 2, value: eth },
      { label: 'Equity, rate falls', scale: 'eq', stroke: color('--equity'), width: 2, dash: [6, 4], value: eth },
    ],
    plugins: [verticalMarkers(markers)],
  });
  const name = oracle === 'market' ? 'Market-price oracle' : 'Exchange-rate oracle';
  return {
    update({ marketPrice: m, exchangeRate: r }, atEvents) {
      const nothing = () => Array.from(m.ratio, () => null);
      const data = [
        Array.from(m.ratio, (ratio) => (1 - ratio) * 100),
        m.healthFactor ? Array.from(m.healthFactor) : nothing(),
        r.healthFactor ? Array.from(r.healthFactor) : nothing(),
        Array.from(m.equityAtMarket),
        Array.from(r.equity),
      ];
      // The sweep that moves this oracle's own price is the one that can liquidate.
      const own = oracle === 'market' ? m : r;
      liquidationAt = own.liquidationRatio == null ? null : (1 - own.liquidationRatio) * 100;
      if (!chart) chart = lineChart(el, options, data);
      else chart.setData(data);
      const count = String(markers(chart).filter((k) => k.x != null).length);
      if (el.dataset.markers !== count) el.dataset.markers = count;
      setText(summary, `${name}: ${describeSweeps(oracle, m, r, atEvents)}`);
    },
    unavailable(error) {
      setText(summary, `${name}: not available for this loop — ${error?.message ?? error}`);
    },
  };
}

function describeSweeps(oracle, m, r, atEvents) {
  if (!m.healthFactor) return 'without debt nothing can be liquidated; the loop simply follows the token.';
  const at = (c) => fmt.num((1 - c.liquidationRatio) * 100, 1);
  const depeg = m.liquidationRatio == null
    ? (m.liquidatable.at(-1) ? 'the loop is liquidatable already. ' : 'a de-peg of up to 50 % does not liquidate the loop. ')
    : `a ${at(m)} % de-peg liquidates the loop. `;
  const rate = r.liquidationRatio == null
    ? (r.liquidatable.at(-1) ? '' : 'A fall of the exchange rate alone does not (the market price is taken to hold). ')
    : `A ${at(r)} % fall of the exchange rate does${oracle === 'market' ? '' : ' (slashing or a loss at the protocol)'}. `;
  const past = atEvents.map(({ event, at: c, point }) =>
    `${shortLabel(event.label)} (${fmt.num(depegPercent(event.lowRatio), 1)} %): ${c.liquidatable[point] ? 'liquidated' : 'not liquidated'}, equity if sold ${fmt.eth(c.equityAtMarket[point], 3)}`);
  return `${depeg}${rate}At the depth of past de-pegs — ${past.join('; ')}.`;
}

function renderLiquidation(root, outcomes, fall, oracle) {
  const out = (id, text) => setText(byId(root, id), text);
  const tokens = (x) => fmt.num(x, 4);
  outcomes.forEach(({ point, l }, i) => {
    const k = i === 0 ? 'm' : 'e';
    out(`dp-${k}-price`, fmt.num(point.oraclePrice, 4));
    out(`dp-${k}-hf`, l.healthFactorBefore == null ? 'no debt' : `${fmt.fix(l.healthFactorBefore, 3)} → ${l.healthFactorAfter == null ? 'no debt left' : fmt.fix(l.healthFactorAfter, 3)}`);
    if (!l.liquidatable) {
      for (const row of ['max', 'repaid', 'seized', 'bonus', 'fee', 'bad']) out(`dp-${k}-${row}`, row === 'max' ? 'not liquidatable' : '–');
    } else {
      out(`dp-${k}-max`, fmt.num(l.maxDebtToCover, 4));
      out(`dp-${k}-repaid`, fmt.num(l.debtRepaid, 4));
      out(`dp-${k}-seized`, tokens(l.collateralSeized));
      out(`dp-${k}-bonus`, tokens(l.bonusUnits));
      out(`dp-${k}-fee`, tokens(l.protocolFeeUnits));
      out(`dp-${k}-bad`, fmt.num(l.badDebt, 4));
    }
    out(`dp-${k}-left`, `${tokens(l.collateralLeft)} · ${fmt.num(l.debtLeft, 4)}`);
  });
  const [market, rate] = outcomes.map((o) => o.l);
  const moved = oracle === 'market' ? market : rate;
  const other = oracle === 'market' ? 'the exchange rate' : 'the market price';
  const own = oracle === 'market' ? 'market price' : 'exchange rate';
  let text;
  if (moved.healthFactorBefore == null) text = 'Without debt nothing can be liquidated.';
  else if (!moved.liquidatable) text = `A ${fall} % fall of the ${own} — the price this market's oracle reads — leaves the health factor at ${fmt.fix(moved.healthFactorBefore, 3)}: no liquidation. A fall of ${other} does not move it at all.`;
  else {
    text = `After a ${fall} % fall of the ${own} — the price this market's oracle reads — a liquidator may repay ${fmt.eth(moved.maxDebtToCover, 4)} of your debt and take ${fmt.num(moved.collateralSeized, 4)} tokens; ${fmt.num(moved.bonusUnits, 4)} of them are the bonus, what the liquidation costs you beyond the debt it clears.`;
    if (moved.badDebt > 0) text += ` The collateral does not cover the debt: ${fmt.eth(moved.badDebt, 4)} is bad debt, lost by the lenders.`;
    text += ` A fall of ${other} alone does not move this oracle.`;
  }
  setText(root.querySelector('#dp-liq-explain'), text);
}

function renderCascade(root, c) {
  const out = (id, text) => setText(byId(root, id), text);
  const t = c.totals;
  out('dp-c-liquidations', fmt.num(t.liquidations, 0));
  out('dp-c-rounds', c.rounds.length === 0 ? 'no round: nothing became liquidatable' : `in ${c.rounds.length} round${c.rounds.length === 1 ? '' : 's'}${c.converged ? '' : ' — cut short at the round limit'}`);
  out('dp-c-drop', fmt.pct(t.priceDrop, 1));
  out('dp-c-prices', `from ${fmt.num(c.initialPrice, 4)} to ${fmt.num(c.finalPrice, 4)} ETH per token`);
  out('dp-c-bad', fmt.eth(t.badDebt, 3));
  out('dp-c-sold', `${fmt.num(t.collateralSold, 2)} tokens`);
  out('dp-c-repaid', `by liquidators, repaying ${fmt.eth(t.debtRepaid, 2)}; ${fmt.num(t.protocolFeeUnits, 3)} tokens kept as protocol fees`);
  const rows = c.rounds.map((r) => [String(r.round), fmt.num(r.price, 4), fmt.num(r.liquidations, 0), fmt.num(r.collateralSold, 3), fmt.num(r.debtRepaid, 3), fmt.num(r.badDebt, 4)]);
  setRows(root.querySelector('#dp-rounds-table tbody'), rows, { empty: 'No liquidation.', columns: 6 });
}

/** The pool's price (left axis) and the loops liquidated (bars, right axis)
 *  per round: round 0 is before the shock, the last point after the final sale. */
function makeCascadeChart(el, summary) {
  const color = (name) => cssVar(el, name);
  let chart = null;
  const options = () => ({
    class: 'cascade',
    legend: { live: true },
    cursor: { points: { size: 6 } },
    scales: { x: { time: false }, price: { auto: true }, n: { auto: true, range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [
      { label: 'Round (0: before the shock)', stroke: color('--ink'), grid: { stroke: color('--grid') }, incrs: [1, 2, 5, 10, 20, 50] },
      { scale: 'price', label: 'Pool price (ETH)', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { scale: 'n', side: 1, label: 'Liquidations', stroke: color('--ink'), grid: { show: false } },
    ],
    series: [
      { label: 'Round', value: (u, v) => (v == null ? '–' : String(v)) },
      // Bars first, so that the price line is drawn over them.
      { label: 'Liquidations', scale: 'n', stroke: color('--equity'), fill: color('--equity'), width: 1, paths: globalThis.uPlot.paths.bars({ size: [0.5, 40] }), points: { show: false }, value: (u, v) => (v == null ? '–' : fmt.num(v, 0)) },
      { label: 'Pool price', scale: 'price', stroke: color('--hf'), width: 2, value: (u, v) => (v == null ? '–' : `${fmt.num(v, 4)} ETH`) },
    ],
  });
  return {
    update(c) {
      const n = c.rounds.length;
      const data = [
        [0, ...c.rounds.map((r) => r.round), n + 1],
        [null, ...c.rounds.map((r) => r.liquidations), null],
        [c.initialPrice, ...c.rounds.map((r) => r.price), c.finalPrice],
      ];
      if (!chart) chart = lineChart(el, options, data);
      else chart.setData(data);
      setText(summary, n === 0
        ? `The shock moves the pool price from ${fmt.num(c.initialPrice, 4)} to ${fmt.num(c.finalPrice, 4)} ETH per token; no loop becomes liquidatable.`
        : `The shock and ${n} round${n === 1 ? '' : 's'} of liquidations move the pool price from ${fmt.num(c.initialPrice, 4)} to ${fmt.num(c.finalPrice, 4)} ETH per token (point ${n + 1}: after the final sale); ${fmt.num(c.totals.liquidations, 0)} liquidations in all, ${fmt.eth(c.totals.badDebt, 3)} of bad debt.`);
    },
  };
}

function renderExit(root, x, days) {
  const out = (id, text) => setText(byId(root, id), text);
  out('dp-x-now', fmt.eth(x.equityUnwindNow, 4));
  out('dp-x-now-note', `at today's market price, ${fmt.pct(x.marketDiscount, 2)} below the exchange rate, less the cost of selling`);
  out('dp-x-queue', fmt.eth(x.equityQueue, 4));
  out('dp-x-queue-note', `redeemed at the exchange rate after ${days} days, with yield earned and interest paid meanwhile`);
  const waitPays = x.difference > 0;
  out('dp-x-better', x.difference === 0 ? 'either' : waitPays ? 'wait' : 'sell now');
  out('dp-x-difference', x.difference === 0 ? 'both leave the same equity' : `${fmt.eth(Math.abs(x.difference), 4)} more than the other way`);
  out('dp-x-break-even', fmt.pct(x.breakEvenDiscount, 2));
  const today = `today: ${fmt.pct(x.marketDiscount, 2)} below`;
  out('dp-x-discount', x.breakEvenDiscount > 0
    ? `waiting pays when the token trades more than this below its exchange rate; ${today}`
    : `waiting pays even without a de-peg: selling now wins only if the token trades ${fmt.pct(Math.abs(x.breakEvenDiscount), 2)} above its exchange rate; ${today}`);
  out('dp-x-hf', x.healthFactorNow == null ? 'no debt' : `${fmt.fix(x.healthFactorNow, 3)} → ${fmt.fix(x.healthFactorAtRedemption, 3)}`);
  out('dp-x-healthy', x.healthFactorNow == null ? 'nothing to liquidate' : x.staysHealthy ? 'stays at or above 1 until the withdrawal pays out' : 'falls below 1 before the withdrawal pays out: you would be liquidated while waiting');
}
