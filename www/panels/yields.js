// The yield panel: an editable table of yield components, the results of
// yieldProjection (now, month 12, averages), a stacked chart of sustainable
// versus incentive yield over the horizon, and — when the user asks — the
// loop's yields taken from here, with the loop's net yield now, at month 12
// and on average (loopPosition called with each set of yields; loop APR is
// linear in the yields, so this is exact). All numbers come from the wasm
// module; this file only moves text in and out of the page.

import { clearErrors, showError } from '../lib/form.js';
import { fractionToPercent, percentToFraction, plainDecimal } from '../lib/text.js';
import * as fmt from '../lib/format.js';
import { cssVar, lineChart, verticalMarkers } from '../lib/chart.js';
import { editableRows } from '../lib/rows.js';
import markup, { componentRow } from './yields.html.js';

const DEFAULT_SCENARIO = 'lrt-restaking';
const MARK_MONTH = 12;

/** Renders the yield panel into `root`, wired to the calculator `calc`.
 *  `loop`: the loop panel's API (mountLoopPanel's return), or null. */
export function mountYieldsPanel(root, calc, { loop = null } = {}) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.replaceChildren(template.content);
  const $ = (sel) => root.querySelector(sel);
  const form = $('#yields-form');
  const tbody = $('#yield-components tbody');
  const { components: library, fees, scenarios } = calc.presets().yields;
  const ui = {
    preset: $('#yield-preset'),
    presetNote: $('#yield-preset-note'),
    add: $('#add-component'),
    protocolFee: $('#protocol-fee'),
    horizon: $('#horizon'),
    link: $('#yields-to-loop'),
    stale: $('#yields-stale'),
    results: $('#yields-results'),
  };

  ui.preset.append(new Option('Custom (your own components)', ''));
  for (const s of scenarios) ui.preset.append(new Option(s.label, s.id));
  ui.add.append(new Option('An empty row', ''));
  for (const c of library) ui.add.append(new Option(c.label, c.id));
  renderSources($('#yield-sources'), library, fees);

  // --- the components table ---------------------------------------------
  const API_PART = { decay: 'decay.type', months: 'decay.months' };
  const table = editableRows(tbody, componentRow, {
    prefix: 'yc',
    field: (i, name) => `components[${i}].${API_PART[name] ?? name}`,
    describe: (tr, i) => table.part(tr, 'label').value.trim() || `row ${i + 1}`,
    onChange: () => {
      leavePreset();
      schedule();
    },
    fallbackFocus: ui.add,
  });

  function addRow(component = null) {
    return table.add((part) => {
      if (!component) {
        part('kind').value = 'incentive';
        return;
      }
      part('label').value = component.label;
      part('kind').value = component.kind;
      part('apr').value = fractionToPercent(plainDecimal(component.apr));
      part('fee').value = component.fee ? fractionToPercent(plainDecimal(component.fee)) : '';
      part('decay').value = component.decay.type;
      part('months').value = component.decay.months == null ? '' : plainDecimal(component.decay.months);
    });
  }

  /** Months mean nothing without a decay: that field is off for "none". */
  function syncRows() {
    table.index();
    for (const tr of table.rows()) table.part(tr, 'months').disabled = table.part(tr, 'decay').value === 'none';
  }

  /** The yieldProjection input described by the form. Empty fields are left
   *  out, so the calculator applies its defaults or names what is required. */
  function readInput() {
    const text = (el) => el.value.trim();
    const components = table.rows().map((tr) => {
      const part = (name) => table.part(tr, name);
      const c = { kind: part('kind').value, decay: { type: part('decay').value } };
      if (text(part('label'))) c.label = text(part('label'));
      if (text(part('apr'))) c.apr = percentToFraction(text(part('apr')));
      if (text(part('fee'))) c.fee = percentToFraction(text(part('fee')));
      if (c.decay.type !== 'none' && text(part('months'))) c.decay.months = text(part('months'));
      return c;
    });
    const input = { components };
    if (text(ui.protocolFee)) input.protocolFee = percentToFraction(text(ui.protocolFee));
    if (text(ui.horizon)) input.horizonMonths = text(ui.horizon);
    return input;
  }

  function applyScenario(id) {
    const scenario = scenarios.find((s) => s.id === id);
    if (!scenario) return;
    table.clear();
    for (const cid of scenario.components) addRow(library.find((c) => c.id === cid));
    ui.protocolFee.value = fractionToPercent(plainDecimal(scenario.protocolFee));
    ui.horizon.value = String(scenario.horizonMonths);
    ui.preset.value = id;
    ui.presetNote.textContent = `${scenario.note} Example values as of ${library[0].asOf}; see where each comes from below the chart.`;
  }

  // --- computing ------------------------------------------------------------
  const chart = makeYieldChart($('#yields-chart'), $('#yields-chart-summary'));
  let last = null;

  function recompute() {
    syncRows();
    const input = readInput();
    let projection;
    try {
      projection = calc.yieldProjection(input);
    } catch (error) {
      showError(form, error);
      ui.stale.hidden = last === null;
      ui.results.classList.toggle('is-stale', last !== null);
      root.dispatchEvent(new CustomEvent('calc-error', { detail: error, bubbles: true }));
      return;
    }
    clearErrors(form);
    ui.stale.hidden = true;
    ui.results.classList.remove('is-stale');
    last = { input, projection };
    renderFigures(root, projection);
    renderBreakdown($('#yield-breakdown tbody'), projection.components);
    chart.update(projection);
    if (ui.link.checked && loop) loop.setYields(yieldsAt(projection, 'now'));
    renderLoop();
    root.dispatchEvent(new CustomEvent('calc-result', { detail: last, bubbles: true }));
  }

  /** The loop's net yield now, at month 12 and on average, from loopPosition
   *  with the loop's own inputs and this panel's yields. */
  function renderLoop() {
    const box = $('#loop-yields');
    const loopInput = loop?.last()?.input;
    box.hidden = !(ui.link.checked && loop);
    if (box.hidden || !last) return;
    const out = (id, text) => ($(`#${id}`).textContent = text);
    if (!loopInput) {
      out('ly-note', 'The loop has no valid result yet: fix its inputs above.');
      return;
    }
    const horizon = last.projection.schedule.at(-1).month;
    for (const [id, at] of [['ly-now', 'now'], ['ly-month12', MARK_MONTH], ['ly-average', 'average']]) {
      const yields = yieldsAt(last.projection, at);
      if (!yields) {
        out(id, '–');
        out(`${id}-split`, `the horizon ends before month ${MARK_MONTH}`);
        continue;
      }
      try {
        const p = calc.loopPosition(withYields(loopInput, yields));
        out(id, fmt.pct(p.apr.net));
        out(`${id}-split`, `sustainable ${fmt.pct(p.apr.sustainable)} + incentives ${fmt.pct(p.apr.incentive)}; borrowing costs ${fmt.pct(p.apr.borrowCost)}, already taken from the sustainable part`);
      } catch (error) {
        out(id, '–');
        out(`${id}-split`, String(error?.message ?? error));
      }
    }
    out('ly-note', `Averages over ${horizon} months. Leverage stays as the loop sets it; the borrow rate is held at today's.`);
  }

  let frame = 0;
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(recompute);
  };
  function leavePreset() {
    ui.preset.value = '';
    ui.presetNote.textContent = '';
  }
  form.addEventListener('input', (event) => {
    if (event.target === ui.preset || event.target === ui.add || event.target === ui.link) return;
    leavePreset();
    schedule();
  });
  form.addEventListener('change', (event) => {
    if (event.target === ui.preset) {
      if (ui.preset.value) applyScenario(ui.preset.value);
      schedule();
    } else if (event.target === ui.link) {
      if (loop) loop.setYields(ui.link.checked && last ? yieldsAt(last.projection, 'now') : null);
      renderLoop();
    }
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  $('#add-component-button').addEventListener('click', () => {
    const tr = addRow(library.find((c) => c.id === ui.add.value) ?? null);
    tr.querySelector('[data-part="label"]').focus();
    leavePreset();
    schedule();
  });
  // The loop's inputs changed: its figures here follow.
  root.getRootNode().addEventListener('calc-result', (event) => {
    if (event.target.dataset?.panel === 'loop') renderLoop();
  });
  if (!loop) {
    ui.link.disabled = true;
    $('#yields-to-loop-hint').textContent = 'The loop panel is not available.';
  }

  applyScenario(DEFAULT_SCENARIO);
  recompute();
  return { recompute, last: () => last };
}

/** The sustainable and incentive yields of a projection now, at a month of
 *  its schedule, or on average; null if the month is past the horizon. */
function yieldsAt(projection, at) {
  const point = at === 'now' ? projection.now : at === 'average' ? projection.average : projection.schedule.find((p) => p.month === at);
  return point ? { sustainableApr: point.sustainable, incentiveApr: point.incentive } : null;
}

function withYields(loopInput, { sustainableApr, incentiveApr }) {
  return { ...loopInput, collateral: { ...loopInput.collateral, sustainableApr, incentiveApr } };
}

function renderFigures(root, p) {
  const out = (id, text) => (root.querySelector(`#${id}`).textContent = text);
  const horizon = p.schedule.at(-1).month;
  const at12 = p.schedule.find((s) => s.month === MARK_MONTH);
  out('y-now', fmt.pct(p.now.net));
  out('y-gross', `${fmt.pct(p.now.gross)} before fees`);
  out('y-sustainable', fmt.pct(p.now.sustainable));
  out('y-share', p.now.sustainableShare == null ? 'no yield at all' : `${fmt.pct(p.now.sustainableShare, 0)} of the net yield`);
  out('y-incentive', fmt.pct(p.now.incentive));
  out('y-month12', at12 ? fmt.pct(at12.total) : '–');
  out('y-month12-split', at12 ? `sustainable ${fmt.pct(at12.sustainable)} + incentives ${fmt.pct(at12.incentive)}` : `the horizon ends before month ${MARK_MONTH}`);
  out('y-average', fmt.pct(p.average.total));
  out('y-average-split', `over ${horizon} months: sustainable ${fmt.pct(p.average.sustainable)} + incentives ${fmt.pct(p.average.incentive)}`);
  out(
    'y-explainer',
    `Now ${fmt.pct(p.now.net)} a year, of which ${fmt.pct(p.now.incentive)} is incentives. ` +
      `Held for ${horizon} months it pays ${fmt.pct(p.average.total)} a year on average, ` +
      `and ${fmt.pct(p.schedule.at(-1).total)} at the end — the floor the sustainable part alone provides is ${fmt.pct(p.schedule.at(-1).sustainable)}.`,
  );
}

function renderBreakdown(tbody, components) {
  const kinds = { sustainable: 'Sustainable', incentive: 'Incentive' };
  tbody.replaceChildren(
    ...components.map((c) => {
      const tr = document.createElement('tr');
      for (const text of [c.label, kinds[c.kind] ?? c.kind, fmt.pct(c.apr), fmt.pct(c.now), fmt.pct(c.average)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function renderSources(list, components, fees) {
  const items = [...components, ...fees].map((c) => {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = c.label;
    const tag = c.illustrative ? ' (illustrative example)' : ' (cited figure)';
    const rate = c.apr == null ? `fee ${fmt.pct(c.fee, 1)}` : `${fmt.pct(c.apr, 3)} a year`;
    li.append(name, `${tag}: ${rate}, as of ${c.asOf}. ${c.note} Source: ${c.source}`);
    return li;
  });
  list.replaceChildren(...items);
}

/** Stacked yield chart: the sustainable area (its top edge, dashed, is the
 *  floor) and the incentives as a band between it and the total. */
function makeYieldChart(el, summary) {
  const color = (name) => cssVar(el, name);
  const percent = (u, v) => (v == null ? '–' : `${fmt.num(v, 2)} %`);
  let chart = null;
  const options = () => ({
    class: 'yields',
    legend: { live: true },
    cursor: { points: { size: 6 } },
    scales: { x: { time: false }, y: { auto: true, range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { label: 'Months from now', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { label: 'Net yield (% a year)', stroke: color('--ink'), grid: { stroke: color('--grid') }, values: (u, splits) => splits.map((v) => `${fmt.num(v, 2)}`) },
    ],
    series: [
      { label: 'Month', value: (u, v) => (v == null ? '–' : String(v)) },
      { label: 'Sustainable floor', stroke: color('--sustainable'), fill: color('--sustainable-fill'), width: 2, dash: [6, 4], points: { show: false }, value: percent },
      { label: 'Total with incentives', stroke: color('--incentive'), width: 2, points: { show: false }, value: percent },
      { label: 'Incentives', stroke: color('--incentive'), width: 0, paths: () => null, points: { show: false }, value: percent },
    ],
    bands: [{ series: [2, 1], fill: color('--incentive-fill') }],
    plugins: [verticalMarkers(() => [{ x: MARK_MONTH, label: 'month 12', color: color('--muted') }])],
  });
  return {
    update(projection) {
      const s = projection.schedule;
      const data = [s.map((p) => p.month), s.map((p) => p.sustainable * 100), s.map((p) => p.total * 100), s.map((p) => p.incentive * 100)];
      if (!chart) chart = lineChart(el, options, data);
      else chart.setData(data);
      const end = s.at(-1);
      summary.textContent =
        `From ${fmt.pct(s[0].total)} now (${fmt.pct(s[0].incentive)} of it incentives) to ${fmt.pct(end.total)} at month ${end.month}; ` +
        `the sustainable floor ends at ${fmt.pct(end.sustainable)}.`;
    },
  };
}
