// The leveraged-loop panel: a form, the results of loopPosition, a de-peg
// chart from depegSweep and the loop-by-loop table. All numbers come from the
// wasm module; this file only moves text in and out of the page.

import { applyValues, clearErrors, flushHash, formToHash, formValues, readForm, readHash, replaceHashSoon, showError } from '../lib/form.js';
import { downloadJson, elementSnippet, iframeSnippet, readScenarioFile, scenarioFile } from '../lib/share.js';
import { fractionToPercent, plainDecimal } from '../lib/text.js';
import * as fmt from '../lib/format.js';
import { cssVar, lineChart, verticalMarkers } from '../lib/chart.js';
import { byId, setRows, setText } from '../lib/dom.js';
import markup from './loop.html.js';

/** The de-peg range the chart shows: the market price from 100 % to 50 % of the exchange rate. */
const SWEEP = { variable: 'marketPrice', from: 1, to: 0.5, steps: 101 };
const DEFAULT_SCENARIO = 'weeth-aave-emode';
const DEFAULT_EQUITY = '10';
/** The inputs that are also <restake-calc> attributes (same names as the
 *  controls' ids, same units as the page's fields: % for rates). */
export const INPUT_IDS = ['equity', 'exchange-rate', 'market-price', 'sustainable-apr', 'incentive-apr', 'protocol', 'max-ltv',
  'liquidation-threshold', 'liquidation-bonus', 'borrow-apr', 'oracle', 'loops', 'target-leverage', 'swap-cost', 'flash-loan-fee'];

/** Renders the loop panel into `root` and wires it to the calculator `calc`
 *  (the wasm module's exports). `urlState`: keep the scenario in location.hash. */
export function mountLoopPanel(root, calc, { urlState = true } = {}) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.replaceChildren(template.content);
  const $ = (sel) => root.querySelector(sel);
  const form = $('#loop-form');
  const presets = calc.presets();
  const ui = {
    preset: $('#preset'),
    presetNote: $('#preset-note'),
    loops: $('#loops'),
    loopsRange: $('#loops-range'),
    stale: $('#stale'),
  };

  // Presets come from the module (one source of truth for parameters).
  ui.preset.append(new Option('Custom (your own numbers)', ''));
  for (const s of presets.scenarios) ui.preset.append(new Option(s.label, s.id));

  const mode = () => form.querySelector('input[name="m"]:checked')?.value ?? 'loops';
  const showMode = () => {
    for (const el of form.querySelectorAll('[data-mode]')) el.hidden = el.dataset.mode !== mode();
  };

  function applyScenario(id) {
    const scenario = presets.scenarios.find((s) => s.id === id);
    if (!scenario) return;
    const token = presets.tokens.find((t) => t.id === scenario.token);
    const market = presets.markets.find((m) => m.id === scenario.market);
    const set = (sel, value) => ($(sel).value = value);
    if (!$('#equity').value) set('#equity', DEFAULT_EQUITY);
    set('#exchange-rate', String(token.exchangeRate));
    set('#market-price', String(token.exchangeRate));
    set('#sustainable-apr', fractionToPercent(token.sustainableApr));
    set('#incentive-apr', fractionToPercent(token.incentiveApr));
    set('#protocol', market.protocol);
    set('#max-ltv', fractionToPercent(market.maxLtv));
    set('#liquidation-threshold', fractionToPercent(market.liquidationThreshold));
    set('#liquidation-bonus', fractionToPercent(market.liquidationBonus));
    set('#borrow-apr', fractionToPercent(market.borrowApr));
    form.querySelector(`input[name="o"][value="${market.oracle}"]`).checked = true;
    form.querySelector('input[name="m"][value="loops"]').checked = true;
    set('#loops', String(scenario.loops));
    set('#swap-cost', '0.05');
    set('#flash-loan-fee', '0');
    set('#target-leverage', '5');
    ui.preset.value = id;
    ui.presetNote.textContent = `${scenario.note} ${token.symbol} values are examples as of ${token.asOf}.`;
    applyLinkedYields();
  }

  // Yields set by another panel (the yield panel), or null when the user types them.
  let linkedYields = null;
  function applyLinkedYields() {
    if (!linkedYields) return;
    $('#sustainable-apr').value = fractionToPercent(plainDecimal(linkedYields.sustainableApr));
    $('#incentive-apr').value = fractionToPercent(plainDecimal(linkedYields.incentiveApr));
  }
  /** Takes the token's yields from elsewhere ({ sustainableApr, incentiveApr },
   *  fractions) and locks the two fields; null gives them back to the user. */
  function setYields(yields) {
    linkedYields = yields ?? null;
    for (const sel of ['#sustainable-apr', '#incentive-apr']) $(sel).readOnly = linkedYields !== null;
    $('#yield-link-note').hidden = linkedYields === null;
    applyLinkedYields();
    schedule();
  }

  const chart = makeDepegChart($('#depeg-chart'), $('#depeg-summary'));
  let last = null;
  let computed = null; // the form (as its hash) at the last computation
  let frame = 0; // a computation waiting for the next frame
  let ranInFrame = false; // whether this frame has had a computation

  function recompute() {
    cancelAnimationFrame(frame);
    frame = 0;
    if (!ranInFrame) {
      ranInFrame = true;
      requestAnimationFrame(() => (ranInFrame = false));
    }
    showMode();
    ui.loopsRange.value = ui.loops.value;
    computed = formToHash(form);
    const input = readForm(form, mode());
    let position, sweep;
    try {
      position = calc.loopPosition(input);
      sweep = calc.depegSweep({ ...input, sweep: SWEEP });
    } catch (error) {
      showError(form, error);
      ui.stale.hidden = last === null;
      root.dispatchEvent(new CustomEvent('calc-error', { detail: error, bubbles: true }));
      return;
    }
    clearErrors(form);
    ui.stale.hidden = true;
    last = { input, position, sweep };
    renderFigures(root, input, position);
    renderSteps($('#steps tbody'), position.steps);
    chart.update(sweep, input);
    if (urlState) replaceHashSoon(computed);
    root.dispatchEvent(new CustomEvent('calc-result', { detail: last, bubbles: true }));
  }

  const changed = () => formToHash(form) !== computed;
  /** Computes in the next frame's animation callback. */
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(recompute);
  };
  /** Answers an edit at once, so that its result is in the next frame, not
   *  the one after; a second edit in the same frame (a dragged slider sends
   *  many) waits for that frame's animation callback, which takes them all.
   *  An event that changes nothing (the change after an input) does nothing. */
  const update = () => {
    if (!changed()) return;
    if (ranInFrame) schedule();
    else recompute();
  };
  form.addEventListener('input', (event) => {
    if (event.target === ui.preset) return;
    if (event.target === ui.loopsRange) ui.loops.value = ui.loopsRange.value;
    leavePreset();
    update();
  });
  form.addEventListener('change', (event) => {
    if (event.target === ui.preset && ui.preset.value) applyScenario(ui.preset.value);
    update();
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  ui.loopsRange.addEventListener('input', () => {
    ui.loops.value = ui.loopsRange.value;
    update();
  });

  const status = (text) => ($('#copy-status').textContent = text);
  $('#copy-link').addEventListener('click', async () => {
    try {
      // The address must hold the scenario as it is now: an edit waiting for
      // its frame is computed first, and the address is written at once.
      if (frame || changed()) recompute();
      flushHash();
      await navigator.clipboard.writeText(location.href);
      status('Link copied.');
    } catch {
      status('Copy this address from the address bar: it holds the scenario.');
    }
  });
  $('#export-json').addEventListener('click', () => {
    downloadJson('restake-calc-scenario.json', scenarioFile(formValues(form)));
    status('Scenario saved as restake-calc-scenario.json.');
  });
  $('#import-json').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const { refused } = applyValues(form, await readScenarioFile(file));
      leavePreset();
      status(refused.length ? `Opened; these values were not valid and were left as they were: ${refused.join(', ')}.` : 'Scenario opened.');
      schedule();
    } catch (error) {
      status(`Could not open the file: ${error.message}.`);
    }
  });

  // Embed snippets for what is on screen.
  const dialog = $('#embed-dialog');
  $('#embed-open').addEventListener('click', () => {
    const base = new URL('.', location.href);
    $('#embed-element').value = elementSnippet(base, 'loop', attributes());
    $('#embed-iframe').value = iframeSnippet(base, 'loop', formToHash(form));
    $('#embed-status').textContent = '';
    dialog.showModal();
  });
  $('#embed-close').addEventListener('click', () => dialog.close());
  for (const button of dialog.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', async () => {
      const text = $(`#${button.dataset.copy}`);
      try {
        await navigator.clipboard.writeText(text.value);
        $('#embed-status').textContent = 'Copied.';
      } catch {
        text.select();
        $('#embed-status').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
      }
    });
  }

  /** The scenario's inputs as element attributes (the page's units). */
  function attributes() {
    const out = {};
    for (const id of INPUT_IDS) {
      const el = id === 'oracle' ? form.querySelector('input[name="o"]:checked') : $(`#${id}`);
      if (el && el.value !== '' && !el.closest('[hidden]')) out[id] = el.value;
    }
    return out;
  }

  /** Sets one input by its attribute name; returns whether the name is known. */
  function setInput(name, value) {
    if (!INPUT_IDS.includes(name)) return false;
    if (name === 'oracle') {
      const radio = form.querySelector(`input[name="o"][value="${CSS.escape(value ?? '')}"]`);
      if (radio) radio.checked = true;
    } else {
      $(`#${name}`).value = value ?? '';
      if (name === 'loops' || name === 'target-leverage') {
        form.querySelector(`input[name="m"][value="${name === 'loops' ? 'loops' : 'target'}"]`).checked = true;
      }
    }
    leavePreset();
    schedule();
    return true;
  }

  function leavePreset() {
    ui.preset.value = '';
    setText(ui.presetNote, '');
  }

  // Defaults first, so a link that names only some fields still gives a whole
  // scenario; a link that cannot be used says so and leaves the defaults.
  applyScenario(DEFAULT_SCENARIO);
  if (urlState) {
    const { entries, problem } = readHash(location.hash);
    const { applied, refused } = applyValues(form, entries);
    if (applied) leavePreset();
    const notice = problem || (refused.length ? `these values were not valid and were left at their defaults: ${refused.join(', ')}` : '');
    if (notice) {
      $('#link-notice').textContent = `The link could not be used in full: ${notice}.`;
      $('#link-notice').hidden = false;
    }
  }
  recompute();
  const useScenario = (id) => {
    applyScenario(id);
    schedule();
  };
  return { recompute, last: () => last, setYields, applyScenario: useScenario, setInput, form };
}

function renderFigures(root, input, p) {
  const out = (id, text) => setText(byId(root, id), text);
  const oracle = input.market?.oracle === 'market' ? 'market price' : 'exchange rate';
  out('r-leverage', `${fmt.fix(p.leverage, 2)}×`);
  out('r-max-leverage', `market maximum ${fmt.fix(p.maxLeverage, 2)}×`);
  out('r-hf', p.healthFactor == null ? 'no debt' : fmt.fix(p.healthFactor, 3));
  out('r-net-apr', fmt.pct(p.apr.net));
  out('r-apr-split', `sustainable ${fmt.pct(p.apr.sustainable)} + incentives ${fmt.pct(p.apr.incentive)} (borrowing costs ${fmt.pct(p.apr.borrowCost)})`);
  out('r-liq-price', p.liquidationPrice == null ? 'none (no debt)' : `${fmt.num(p.liquidationPrice, 4)} ETH`);
  out('r-liq-drop', p.liquidationDrop == null ? '' : `a ${fmt.pct(p.liquidationDrop, 1)} fall of the ${oracle}`);
  out('r-days', fmt.days(p.daysToLiquidation));
  out('r-days-note', p.daysToLiquidation == null ? 'the token earns at least the borrow rate' : 'borrowing costs more than the token earns');
  out('r-entry', fmt.eth(p.entryCost));
  out('r-position', `${fmt.num(p.collateralUnits, 3)} tokens · ${fmt.eth(p.debt, 3)} debt`);
  out('r-equity', `equity ${fmt.eth(p.equity, 3)} at the oracle price, ${fmt.eth(p.equityAtMarket, 3)} if sold at market`);
  out('r-break-even', fmt.pct(p.breakEvenBorrowApr));
  out('r-break-even-sus', p.sustainableBreakEvenBorrowApr == null ? '' : `${fmt.pct(p.sustainableBreakEvenBorrowApr)} without incentives`);
  out('oracle-explainer', explainOracle(input.market?.oracle, p));
}

function explainOracle(oracle, p) {
  if (p.liquidationDrop == null) return 'Without debt nothing can be liquidated: your position simply follows the token.';
  const drop = fmt.pct(p.liquidationDrop, 1);
  if (oracle === 'market') {
    return `This market reads the token's market price. If the token trades ${drop} below today's price — a de-peg like ezETH's in April 2024 — you are liquidated, even if nothing is wrong with the ETH behind it.`;
  }
  return `This market reads the token's exchange rate, so a de-peg on exchanges does not liquidate you (it only lowers what you would get by selling now). The exchange rate itself must fall ${drop} — through slashing or a loss at the restaking protocol — or interest must slowly eat the margin.`;
}

function renderSteps(tbody, steps) {
  const rows = (steps ?? []).map((s) =>
    [String(s.loop), fmt.num(s.collateralUnits, 4), fmt.num(s.debt, 4), fmt.fix(s.leverage, 3), s.healthFactor == null ? 'no debt' : fmt.fix(s.healthFactor, 4)]);
  setRows(tbody, rows, { empty: 'One flash-loan step: no intermediate loops.', columns: 5 });
}

/** HF (left axis) and equity if sold at market (right axis) against the de-peg. */
function makeDepegChart(el, summary) {
  const color = (name) => cssVar(el, name);
  let liquidationAt = null;
  let chart = null;
  const options = () => ({
    class: 'depeg',
    legend: { live: true },
    cursor: { points: { size: 6 } },
    scales: { x: { time: false }, hf: { auto: true }, eq: { auto: true } },
    axes: [
      { label: 'De-peg: market price below the exchange rate (%)', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { scale: 'hf', label: 'Health factor', stroke: color('--ink'), grid: { stroke: color('--grid') } },
      { scale: 'eq', side: 1, label: 'Equity if sold (ETH)', stroke: color('--ink'), grid: { show: false } },
    ],
    series: [
      { label: 'De-peg', value: (u, v) => (v == null ? '–' : `${fmt.num(v, 1)} %`) },
      { label: 'Health factor', scale: 'hf', stroke: color('--hf'), width: 2, value: (u, v) => fmt.fix(v, 3) },
      { label: 'Equity if sold', scale: 'eq', stroke: color('--equity'), width: 2, value: (u, v) => fmt.eth(v, 3) },
    ],
    plugins: [verticalMarkers(() => [{ x: liquidationAt, label: 'liquidation', color: color('--danger') }])],
  });
  return {
    update(sweep) {
      const points = sweep.points;
      const data = [
        points.map((p) => (1 - p.ratio) * 100),
        points.map((p) => p.healthFactor),
        points.map((p) => p.equityAtMarket),
      ];
      liquidationAt = sweep.liquidationRatio == null ? null : (1 - sweep.liquidationRatio) * 100;
      if (!chart) chart = lineChart(el, options, data);
      else chart.setData(data);
      const worst = points.at(-1);
      setText(summary,
        (liquidationAt == null
          ? 'A de-peg of up to 50 % does not liquidate this position. '
          : `Liquidated at a ${fmt.num(liquidationAt, 1)} % de-peg. `) +
        `At a 50 % de-peg your equity if sold would be ${fmt.eth(worst.equityAtMarket, 3)}.`);
    },
  };
}
