// The probability panel: the loop panel's scenario plus a de-peg model,
// slashing and the simulation's size, run by a Web Worker
// (workers/simulation.js) that streams its progress. All numbers come from
// the wasm module, through the worker; this file only formats them.

import { clearErrors, currentHash, formToHash, hashToForm, readForm, replaceHashSoon, showError, STATE_VERSION } from '../lib/form.js';
import { fractionToPercent } from '../lib/text.js';
import * as fmt from '../lib/format.js';
import { cssVar, lineChart, verticalMarkers } from '../lib/chart.js';
import { setText } from '../lib/dom.js';
import markup from './probability.html.js';

const DEFAULT_DISCOUNT = 'ezeth-2024-04';
const DEFAULTS = { se: '0.05', ss: '10', h: '365', np: '10000', sd: '1' };
/** With this many paths a change re-runs by itself (after AUTO_RUN_DELAY ms). */
const AUTO_RUN_PATHS = '10000';
const AUTO_RUN_DELAY = 400;
/** Select values besides the presets' ids. */
const NONE = 'none';
const CUSTOM = 'custom';

/** Renders the panel into `root`. `calc`: the wasm module's exports (for the
 *  presets and to check input as it is typed); `loop`: the loop panel's API
 *  (`last()` gives its current `{ input, position }`; its `calc-result` and
 *  `calc-error` events bubble to the document); `hash`: the location hash
 *  the page was opened with (the loop panel rewrites it when it mounts). */
export function mountProbabilityPanel(root, calc, { loop, hash = location.hash, urlState = true } = {}) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.replaceChildren(template.content);
  const $ = (sel) => root.querySelector(sel);
  const form = $('#prob-form');
  const ui = {
    preset: $('#discount-preset'),
    presetNote: $('#discount-note'),
    run: $('#prob-run'),
    cancel: $('#prob-cancel'),
    progress: $('#prob-progress'),
    status: $('#prob-status'),
    stale: $('#prob-stale'),
    results: $('#prob-results'),
    scenario: $('#prob-scenario'),
  };
  const presets = calc.discountPresets();
  const events = calc.presets().events;

  for (const p of presets) ui.preset.append(new Option(p.label, p.id));
  ui.preset.append(new Option('None: the discount stays at today’s', NONE));
  ui.preset.append(new Option('Custom (your own numbers)', CUSTOM));

  const discountMode = () => (ui.preset.value === NONE ? 'off' : 'discount');
  const showMode = () => {
    for (const el of form.querySelectorAll('[data-mode]')) el.hidden = el.dataset.mode !== discountMode();
  };

  function applyPreset(id) {
    ui.preset.value = id;
    const preset = presets.find((p) => p.id === id);
    if (preset) {
      const d = preset.marketDiscount;
      const set = (sel, value) => ($(sel).value = value);
      set('#discount-jumps', String(d.jumpsPerYear));
      set('#discount-jump-mean', fractionToPercent(d.jumpMean));
      set('#discount-jump-stdev', fractionToPercent(d.jumpStdev));
      set('#discount-reversion', String(d.meanReversionPerYear));
      set('#discount-volatility', fractionToPercent(d.volatility));
      set('#discount-mean', fractionToPercent(d.longRunMean));
    }
    describePreset();
    showMode();
  }

  function describePreset() {
    const preset = presets.find((p) => p.id === ui.preset.value);
    const event = preset && events.find((e) => e.id === preset.event);
    ui.presetNote.textContent = preset
      ? `${preset.calibration}${event ? ` The event: ${event.note}` : ''}`
      : ui.preset.value === NONE
        ? 'The market price keeps today’s ratio to the exchange rate: only slashing and interest move the health factor.'
        : 'Your own numbers.';
  }

  // --- state ---------------------------------------------------------------
  let scenario = loop?.last?.() ?? null; // { input, position } of the loop panel
  let loopInvalid = scenario === null;
  let running = null; // { id, key, input, position }
  let shown = null; // { key, input, position, partial }
  let nextId = 1;
  let autoRun = 0;

  const charts = {
    convergence: makeConvergenceChart($('#p-convergence-chart'), $('#p-convergence-summary')),
    sweep: makeSweepChart($('#p-sweep-chart'), $('#p-sweep-summary'), $('#p-sweep-table tbody')),
    minHf: makeHistogram($('#p-min-hf-chart'), $('#p-min-hf-summary'), {
      x: 'Lowest health factor',
      xValue: (v) => fmt.fix(v, 3),
      marker: () => ({ x: 1, label: 'liquidation' }),
    }),
    day: makeHistogram($('#p-day-chart'), $('#p-day-summary'), {
      x: 'Day of the liquidation',
      xValue: (v) => `day ${fmt.num(v, 1)}`,
    }),
  };

  /** The simulation's input and a key to compare inputs, or null while the loop is invalid. */
  function currentInput() {
    if (loopInvalid || !scenario) return null;
    const input = { ...scenario.input, ...readForm(form, discountMode()) };
    return { input, key: JSON.stringify(input), position: scenario.position };
  }

  function markStale(text) {
    setText(ui.stale, text);
    ui.stale.hidden = shown === null || text === '';
    ui.results.classList.toggle('is-stale', !ui.stale.hidden);
  }

  function refreshStale() {
    const current = currentInput();
    markStale(shown && current && shown.key !== current.key ? '(for earlier inputs — press Run to update)' : '');
  }

  function describeScenario() {
    if (loopInvalid || !scenario) {
      setText(ui.scenario, 'The loop above has an invalid input: fix it to run the simulation.');
      return;
    }
    const p = scenario.position;
    const oracle = scenario.input.market?.oracle === 'market' ? 'market-price oracle' : 'exchange-rate oracle';
    setText(
      ui.scenario,
      `For the loop above: ${fmt.fix(p.leverage, 2)}× leverage, health factor ${p.healthFactor == null ? 'without debt' : fmt.fix(p.healthFactor, 3)}, ${oracle}` +
        (p.liquidationDrop == null ? '.' : `; liquidated by a ${fmt.pct(p.liquidationDrop, 1)} fall of the price it reads.`),
    );
  }

  /** Called on every change: checks the input, marks the result stale, and re-runs small runs. */
  function check({ auto = true } = {}) {
    showMode();
    if (urlState) writeHash(form);
    describeScenario();
    clearTimeout(autoRun);
    const current = currentInput();
    if (!current) {
      markStale('(last valid result — fix the loop above)');
      return null;
    }
    try {
      new calc.LiquidationSimulation(current.input).free();
    } catch (error) {
      showError(form, error);
      markStale('(last valid result — fix the highlighted input)');
      return null;
    }
    clearErrors(form);
    refreshStale();
    const fresh = current.key !== shown?.key && current.key !== running?.key;
    if (auto && fresh && form.querySelector('input[name="np"]:checked')?.value === AUTO_RUN_PATHS) {
      autoRun = setTimeout(start, AUTO_RUN_DELAY);
    }
    return current;
  }

  // --- the worker ----------------------------------------------------------
  let worker = null;
  try {
    worker = new Worker(new URL('../workers/simulation.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      fail({ message: `The simulation could not start: ${event.message ?? 'the worker failed to load'}`, field: '' });
    };
  } catch (error) {
    ui.status.textContent = `This browser cannot run the simulation in the background: ${error?.message ?? error}`;
  }

  /** Dims the figures that only a whole result has, while a new run streams in. */
  function setPending(on) {
    for (const id of ['p-first-day', 'p-min-hf', 'p-equity', 'p-loss']) $(`#${id}`).closest('div').classList.toggle('pending', on);
  }

  function setRunning(on) {
    ui.cancel.disabled = !on;
    ui.results.setAttribute('aria-busy', String(on));
    root.dataset.state = on ? 'running' : root.dataset.state;
  }

  function start() {
    clearTimeout(autoRun);
    if (!worker) return;
    const current = check({ auto: false });
    if (!current) return;
    running = { id: nextId++, ...current, sweepShare: 0 };
    charts.convergence.reset();
    charts.sweep.reset(current.position?.leverage);
    markStale('');
    setPending(true);
    ui.progress.value = 0;
    ui.progress.removeAttribute('aria-valuetext');
    ui.status.textContent = `Simulating ${fmt.num(Number(current.input.paths), 0)} paths…`;
    setRunning(true);
    worker.postMessage({ type: 'run', id: running.id, input: current.input, sweep: true });
  }

  function fail(error) {
    running = null;
    setRunning(false);
    root.dataset.state = 'error';
    setPending(false);
    showError(form, error);
    markStale('(last valid result — fix the highlighted input)');
    ui.status.textContent = 'The simulation stopped with an error.';
  }

  function receive(message) {
    if (!running || message.id !== running.id) return; // a run since replaced
    const run = running;
    const paths = Number(run.input.paths);
    switch (message.type) {
      case 'progress': {
        const p = message.progress;
        ui.progress.value = 0.5 * (p.paths / p.pathsTotal);
        ui.progress.setAttribute('aria-valuetext', `${fmt.num(p.paths, 0)} of ${fmt.num(p.pathsTotal, 0)} paths`);
        renderEstimate(root, p, run.input);
        charts.convergence.append(message.trace);
        charts.minHf.update(p.minHealthFactorHistogram);
        charts.day.update(p.firstLiquidationDayHistogram, p.liquidatedPaths === 0 ? 'No path has been liquidated.' : '');
        root.dispatchEvent(new CustomEvent('probability-progress', { detail: p, bubbles: true }));
        break;
      }
      case 'result': {
        show(run, message.result, false);
        run.elapsedMs = message.elapsedMs;
        ui.status.textContent = `${summarise(message.result)} Now the same at other leverages…`;
        root.dispatchEvent(new CustomEvent('probability-result', { detail: { input: run.input, result: message.result }, bubbles: true }));
        break;
      }
      case 'sweep': {
        run.sweepShare = message.points.length / 10;
        ui.progress.value = 0.5 + 0.5 * Math.min(run.sweepShare, 1);
        charts.sweep.update(message);
        if (message.done) ui.progress.value = 1;
        break;
      }
      case 'done': {
        running = null;
        setRunning(false);
        root.dataset.state = 'done';
        ui.progress.value = 1;
        ui.progress.setAttribute('aria-valuetext', 'done');
        ui.status.textContent = `${summarise(shown.result)} ${fmt.num(paths, 0)} paths in ${fmt.num((run.elapsedMs ?? message.elapsedMs) / 1000, 2)} s.`;
        break;
      }
      case 'cancelled': {
        running = null;
        setRunning(false);
        root.dataset.state = 'cancelled';
        if (message.result && message.result.paths > 0) {
          show(run, message.result, true);
          ui.status.textContent = `Cancelled after ${fmt.num(message.result.paths, 0)} of ${fmt.num(paths, 0)} paths: the figures use those paths.`;
        } else if (message.result) {
          setPending(false);
          refreshStale();
          ui.status.textContent = 'Cancelled before any path was done.';
        } else {
          ui.status.textContent = 'Cancelled during the sweep over leverage: the figures above are complete, the chart of other leverages is not.';
        }
        break;
      }
      case 'error':
        fail(message);
        break;
    }
  }

  /** Shows a whole result (all paths, or those done before a cancel). */
  function show(run, result, partial) {
    shown = { key: run.key, input: run.input, position: run.position, result, partial };
    clearErrors(form);
    setPending(false);
    renderEstimate(root, result, run.input);
    renderQuantiles(root, result);
    renderOracleNote($('#p-oracle-note'), run.input, run.position);
    charts.minHf.update(result.minHealthFactorHistogram, result.minHealthFactorHistogram ? '' : 'Without debt there is no health factor.');
    charts.day.update(result.firstLiquidationDayHistogram, result.liquidatedPaths === 0 ? 'No path was liquidated.' : '');
    charts.minHf.describe(describeMinHf(result));
    charts.day.describe(describeDays(result));
    charts.convergence.describe(`After ${fmt.num(result.paths, 0)} paths: ${fmt.pct(result.probability, 2)}, 95 % interval ${fmt.pct(result.interval95.low, 2)} to ${fmt.pct(result.interval95.high, 2)}.`);
    if (partial) markStale(`(partial: ${fmt.num(result.paths, 0)} paths before the cancel)`);
    else refreshStale();
  }

  // --- events --------------------------------------------------------------
  form.addEventListener('input', (event) => {
    if (event.target === ui.preset) return;
    if (event.target.closest('[data-mode="discount"]')) {
      ui.preset.value = CUSTOM;
      describePreset();
    }
    check();
  });
  form.addEventListener('change', (event) => {
    if (event.target === ui.preset) {
      applyPreset(ui.preset.value);
      check();
    } else if (event.target.name === 'np') {
      check();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    start();
  });
  ui.cancel.addEventListener('click', () => {
    if (!running || !worker) return;
    worker.postMessage({ type: 'cancel', id: running.id });
    ui.run.focus(); // the Cancel button is about to be disabled
    ui.cancel.disabled = true;
    ui.status.textContent = 'Cancelling…';
  });
  const fromLoop = (event) => event.target.dataset?.panel === 'loop';
  root.getRootNode().addEventListener('calc-result', (event) => {
    if (!fromLoop(event)) return;
    scenario = { input: event.detail.input, position: event.detail.position };
    loopInvalid = false;
    check();
  });
  root.getRootNode().addEventListener('calc-error', (event) => {
    if (!fromLoop(event)) return;
    loopInvalid = true;
    check();
  });

  // Defaults, then what the link says, then the first run.
  for (const [name, value] of Object.entries(DEFAULTS)) {
    const control = [...form.elements].filter((el) => el.name === name);
    if (control[0]?.type === 'radio') control.find((r) => r.value === value).checked = true;
    else if (control[0]) control[0].value = value;
  }
  applyPreset(DEFAULT_DISCOUNT);
  if (urlState && hashToForm(form, hash)) describePreset();
  root.dataset.state = 'idle';
  start();
  return { start, last: () => shown };
}

// --- the page's hash: the loop panel's fields plus this panel's --------------

/** Merges this form's fields into the hash the loop panel wrote (or is about to). */
function writeHash(form) {
  const params = new URLSearchParams(currentHash().slice(1));
  const mine = new URLSearchParams(formToHash(form).slice(1));
  for (const el of form.elements) if (el.name) params.delete(el.name);
  for (const [name, value] of mine) if (name !== 'v') params.set(name, value);
  params.set('v', STATE_VERSION);
  replaceHashSoon(`#${params}`);
}

// --- figures -------------------------------------------------------------

/** The figures a progress message has too: probability, error, counts. */
function renderEstimate(root, r, input) {
  const out = (id, text) => (root.querySelector(`#${id}`).textContent = text);
  out('p-probability', fmt.pct(r.probability, 2));
  out('p-error', `± ${fmt.pct(r.standardError, 2)} standard error; 95 % interval ${fmt.pct(r.interval95.low, 2)} to ${fmt.pct(r.interval95.high, 2)}`);
  out('p-liquidated', `${fmt.num(r.liquidatedPaths, 0)} of ${fmt.num(r.paths, 0)}`);
  out('p-horizon', `paths liquidated within ${fmt.num(Number(input.horizonDays), 0)} days`);
}

/** The figures of a whole result: quantiles and losses. */
function renderQuantiles(root, r) {
  const out = (id, text) => (root.querySelector(`#${id}`).textContent = text);
  const day = r.firstLiquidationDay;
  out('p-first-day', day ? `day ${fmt.num(day.p50, 1)}` : 'none');
  out('p-first-day-range', day ? `half of the liquidations by then; 90 % between day ${fmt.num(day.p5, 1)} and day ${fmt.num(day.p95, 1)}` : 'no path was liquidated');
  const hf = r.minHealthFactor;
  out('p-min-hf', hf ? fmt.fix(hf.p50, 3) : 'no debt');
  out('p-min-hf-range', hf ? `on half of the paths; 5 % of paths fall to ${fmt.fix(hf.p5, 3)} or lower (today ${fmt.fix(r.initialHealthFactor, 3)})` : 'nothing to liquidate');
  const eq = r.equityAtHorizon;
  out('p-equity', eq ? fmt.eth(eq.p50, 3) : '–');
  out('p-equity-range', eq ? `median at the market price; 90 % between ${fmt.eth(eq.p5, 3)} and ${fmt.eth(eq.p95, 3)} (today ${fmt.eth(r.initialEquity, 3)})` : '');
  out('p-loss', fmt.eth(r.expectedLoss, 3));
  out('p-loss-share', r.expectedLossFraction == null ? 'the average shortfall below today’s equity' : `${fmt.pct(r.expectedLossFraction, 1)} of today’s equity: the average shortfall below it, over all paths`);
}

function renderOracleNote(el, input, position) {
  if (position?.liquidationDrop == null) {
    el.textContent = 'Without debt nothing can be liquidated; the figures show how your equity could move.';
  } else if (input.market?.oracle === 'market') {
    el.textContent = `This market reads the token's market price: a de-peg of ${fmt.pct(position.liquidationDrop, 1)} or more — from sudden drops in the model above, slashing, or both — liquidates the loop, even if nothing is wrong with the ETH behind it.`;
  } else {
    el.textContent = `This market reads the token's exchange rate: de-pegs only change what you would get by selling (your equity at the market price). Liquidation needs the exchange rate itself to fall ${fmt.pct(position.liquidationDrop, 1)} — through slashing — or interest to eat the margin.`;
  }
}

function summarise(r) {
  return `Liquidated on ${fmt.num(r.liquidatedPaths, 0)} of ${fmt.num(r.paths, 0)} paths: ${fmt.pct(r.probability, 2)} ± ${fmt.pct(r.standardError, 2)}.`;
}

function describeMinHf(r) {
  const h = r.minHealthFactorHistogram;
  if (!h) return 'Without debt there is no health factor.';
  const below = h.below > 0 ? ` ${fmt.num(h.below, 0)} paths fell below ${fmt.fix(h.edges[0], 3)}, the chart's left edge.` : '';
  return `Half of the paths reached ${fmt.fix(r.minHealthFactor.p50, 3)} or lower at some point; ${fmt.num(r.liquidatedPaths, 0)} crossed 1 and were liquidated.${below}`;
}

function describeDays(r) {
  const d = r.firstLiquidationDay;
  if (!d) return 'No path was liquidated within the horizon.';
  return `Of the ${fmt.num(r.liquidatedPaths, 0)} liquidated paths, a quarter were liquidated by day ${fmt.num(d.p25, 1)}, half by day ${fmt.num(d.p50, 1)}, three quarters by day ${fmt.num(d.p75, 1)}.`;
}

// --- charts --------------------------------------------------------------

/** Axis steps for counts: whole numbers only. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000];

const axis = (el, label, extra = {}) => ({ label, stroke: cssVar(el, '--ink'), grid: { stroke: cssVar(el, '--grid') }, ...extra });

/** Probability (%) and its 95 % interval over paths done, growing as progress arrives. */
function makeConvergenceChart(el, summary) {
  let chart = null;
  let data = [[], [], [], []];
  const color = (name) => cssVar(el, name);
  const options = () => ({
    legend: { live: true },
    // Paths on a log scale: the band narrows as 1/√paths. The y axis follows
    // the latest interval, so the first, widest one is cut at the top.
    scales: {
      x: { time: false, distr: 3 },
      y: { range: () => [0, Math.max(0.1, Math.min(Math.max(0, ...data[2]), 2.5 * (data[2].at(-1) ?? 0)))] },
    },
    axes: [axis(el, 'Paths done (log scale)'), axis(el, 'Probability (%)')],
    series: [
      { label: 'Paths', value: (u, v) => (v == null ? '–' : fmt.num(v, 0)) },
      { label: 'Probability', stroke: color('--hf'), width: 2, value: (u, v) => (v == null ? '–' : `${fmt.num(v, 2)} %`) },
      { label: '95 % high', stroke: color('--band-edge'), width: 1, value: (u, v) => (v == null ? '–' : `${fmt.num(v, 2)} %`) },
      { label: '95 % low', stroke: color('--band-edge'), width: 1, value: (u, v) => (v == null ? '–' : `${fmt.num(v, 2)} %`) },
    ],
    bands: [{ series: [2, 3], fill: color('--band') }],
  });
  const draw = () => {
    if (!chart) chart = lineChart(el, options, data);
    else chart.setData(data);
  };
  return {
    reset() {
      data = [[], [], [], []];
      if (chart) chart.setData(data);
      summary.textContent = '';
    },
    /** `trace`: [paths[], probability[], low[], high[]] from the worker. */
    append([paths, probability, low, high]) {
      data[0].push(...paths);
      data[1].push(...probability.map((p) => p * 100));
      data[2].push(...high.map((p) => p * 100));
      data[3].push(...low.map((p) => p * 100));
      draw();
    },
    describe(text) {
      summary.textContent = text;
    },
  };
}

/** Probability (%) against leverage, with its band and a marker at the loop's leverage. */
function makeSweepChart(el, summary, tbody) {
  let chart = null;
  let marker = null;
  const color = (name) => cssVar(el, name);
  const pctValue = (u, v) => (v == null ? '–' : `${fmt.num(v, 2)} %`);
  const options = () => ({
    legend: { live: true },
    scales: { x: { time: false }, y: { range: (u, lo, hi) => [0, Math.max(hi, 0.1)] } },
    axes: [axis(el, 'Leverage (×)'), axis(el, 'Probability (%)')],
    series: [
      { label: 'Leverage', value: (u, v) => (v == null ? '–' : `${fmt.fix(v, 2)}×`) },
      { label: 'Probability', stroke: color('--hf'), width: 2, points: { show: true, size: 6 }, value: pctValue },
      { label: '95 % high', stroke: color('--band-edge'), width: 1, value: pctValue },
      { label: '95 % low', stroke: color('--band-edge'), width: 1, value: pctValue },
    ],
    bands: [{ series: [2, 3], fill: color('--band') }],
    plugins: [verticalMarkers(() => [{ x: marker, label: 'your loop', color: color('--danger') }])],
  });
  const set = (data) => {
    if (!chart) chart = lineChart(el, options, data);
    else chart.setData(data);
  };
  return {
    reset(leverage) {
      marker = leverage ?? null;
      set([[], [], [], []]);
      tbody.replaceChildren();
      summary.textContent = 'Waiting for the main run…';
    },
    update({ points, leverage, pathsEach, done }) {
      marker = leverage;
      set([
        points.map((p) => p.leverage),
        points.map((p) => p.probability * 100),
        points.map((p) => p.interval95.high * 100),
        points.map((p) => p.interval95.low * 100),
      ]);
      tbody.replaceChildren(
        ...points.map((p) => {
          const tr = document.createElement('tr');
          for (const text of [fmt.fix(p.leverage, 2), fmt.pct(p.probability, 2), `${fmt.pct(p.interval95.low, 2)} to ${fmt.pct(p.interval95.high, 2)}`]) {
            const td = document.createElement('td');
            td.textContent = text;
            tr.append(td);
          }
          return tr;
        }),
      );
      const last = points.at(-1);
      summary.textContent = done
        ? last
          ? `${points.length} leverages from ${fmt.fix(points[0].leverage, 2)}× to ${fmt.fix(last.leverage, 2)}×, ${fmt.num(pathsEach, 0)} paths each: from ${fmt.pct(points[0].probability, 1)} to ${fmt.pct(last.probability, 1)}. Your loop: ${fmt.fix(leverage, 2)}×.`
          : 'No other leverage can be built in this market.'
        : `${points.length} of 10 leverages done…`;
    },
  };
}

/** Counts of paths in bins: bars from each bin's left edge. */
function makeHistogram(el, summary, { x, xValue, marker = () => null }) {
  let chart = null;
  const color = (name) => cssVar(el, name);
  const options = () => ({
    legend: { live: true },
    scales: { x: { time: false }, y: { range: (u, lo, hi) => [0, Math.max(hi, 1)] } },
    axes: [axis(el, x), axis(el, 'Paths', { incrs: WHOLE_STEPS })],
    series: [
      { label: x, value: (u, v) => (v == null ? '–' : xValue(v)) },
      {
        label: 'Paths',
        stroke: color('--hf'),
        fill: color('--band'),
        width: 1,
        paths: globalThis.uPlot.paths.bars({ align: 1, size: [1, Infinity] }),
        points: { show: false },
        value: (u, v) => (v == null ? '–' : fmt.num(v, 0)),
      },
    ],
    plugins: [verticalMarkers(() => {
      const m = marker();
      return m ? [{ ...m, color: color('--danger') }] : [];
    })],
  });
  return {
    /** `histogram`: { edges, counts, below } or null; `note`: shown instead of a summary. */
    update(histogram, note = '') {
      // The last edge closes the last bin: it has no bar of its own.
      const data = histogram ? [histogram.edges, [...histogram.counts, null]] : [[], []];
      if (!chart) chart = lineChart(el, options, data);
      else chart.setData(data);
      if (note) summary.textContent = note;
    },
    describe(text) {
      summary.textContent = text;
    },
  };
}
