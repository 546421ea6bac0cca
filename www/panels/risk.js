// The risk panel: an editable table of risk layers, the results of
// riskStack against plain staking (expected loss, risk-adjusted yield, the
// premium per unit of added loss), the tranche picture as a bar chart, and
// two small calculators: slashingLoss and concentration. The position's
// yield is the loop's net yield when the user wants it. All numbers come from
// the wasm module; this file only moves text in and out of the page.

import { clearErrors, readForm, showError } from '../lib/form.js';
import { fractionToPercent, percentToFraction, plainDecimal } from '../lib/text.js';
import * as fmt from '../lib/format.js';
import { cssVar, lineChart } from '../lib/chart.js';
import { byId, setRows, setText } from '../lib/dom.js';
import { editableRows } from '../lib/rows.js';
import markup, { layerRow, shareRow } from './risk.html.js';

const DEFAULT_STACK = 'restaking-loop';
const BASE_SCENARIO = 'eth-staking';
const FALLBACK_APR = '8';

/** Renders the risk panel into `root`, wired to the calculator `calc`.
 *  `loop`: the loop panel's API (mountLoopPanel's return), or null. */
export function mountRiskPanel(root, calc, { loop = null } = {}) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.replaceChildren(template.content);
  const $ = (sel) => root.querySelector(sel);
  const form = $('#risk-form');
  const all = calc.presets();
  const { layers: library, stacks, note, slashing, shares, sharesNote } = all.risk;
  const ui = {
    preset: $('#risk-preset'),
    presetNote: $('#risk-preset-note'),
    add: $('#add-layer'),
    fromLoop: $('#apr-from-loop'),
    apr: $('#position-apr'),
    baseApr: $('#base-apr'),
    leverageNote: $('#leverage-note'),
    stale: $('#risk-stale'),
    results: $('#risk-results'),
  };

  $('#layers-hint').textContent = note;
  ui.preset.append(new Option('Custom (your own layers)', ''));
  for (const s of stacks) ui.preset.append(new Option(s.label, s.id));
  ui.add.append(new Option('An empty row', ''));
  for (const l of library) ui.add.append(new Option(l.label, l.id));

  // --- the layers table -------------------------------------------------------
  const table = editableRows($('#risk-layers tbody'), layerRow, {
    prefix: 'rl',
    field: (i, name) => (name === 'base' ? null : `layers[${i}].${name}`),
    describe: (tr, i) => table.part(tr, 'label').value.trim() || `row ${i + 1}`,
    onChange: () => {
      leavePreset();
      schedule();
    },
    fallbackFocus: ui.add,
  });

  function addLayer(layer = null) {
    return table.add((part) => {
      if (!layer) return;
      part('label').value = layer.label;
      part('annualProbability').value = fractionToPercent(plainDecimal(layer.annualProbability));
      part('lossGivenEvent').value = fractionToPercent(plainDecimal(layer.lossGivenEvent));
      part('base').checked = layer.inBaseStaking;
    });
  }

  function applyStack(id) {
    const stack = stacks.find((s) => s.id === id);
    if (!stack) return;
    table.clear();
    for (const lid of stack.layers) addLayer(library.find((l) => l.id === lid));
    ui.preset.value = id;
    ui.presetNote.textContent = `${stack.note} The chances and losses are illustrative.`;
  }

  /** The riskStack input described by the form: the rows marked as plain
   *  staking's are its base layers too. */
  function readInput() {
    const text = (el) => el.value.trim();
    const layers = [];
    const baseLayers = [];
    for (const tr of table.rows()) {
      const part = (name) => table.part(tr, name);
      const layer = {};
      if (text(part('label'))) layer.label = text(part('label'));
      for (const name of ['annualProbability', 'lossGivenEvent']) {
        if (text(part(name))) layer[name] = percentToFraction(text(part(name)));
      }
      layers.push(layer);
      if (part('base').checked) baseLayers.push(layer);
    }
    const input = { layers };
    if (text(ui.apr)) input.apr = percentToFraction(text(ui.apr));
    if (text(ui.baseApr)) input.baseApr = percentToFraction(text(ui.baseApr));
    if (baseLayers.length > 0 && input.baseApr !== undefined) input.baseLayers = baseLayers;
    return input;
  }

  // --- the position's yield: the loop's, or the user's ------------------------
  function loopPosition() {
    return loop?.last()?.position ?? null;
  }

  function syncApr() {
    const position = ui.fromLoop.checked ? loopPosition() : null;
    ui.apr.readOnly = position !== null;
    setText($('#apr-from-loop-hint'), !loop
      ? 'The loop panel is not available: type the yield.'
      : ui.fromLoop.checked && !position
        ? 'The loop has no valid result yet: type a yield meanwhile.'
        : "The loop's net yield on your capital, as the loop panel computes it.");
    // Rounded to 0.000001 % so that the field stays readable; riskStack gets what it shows.
    const apr = position ? fractionToPercent(plainDecimal(position.apr.net, 8)) : ui.apr.value;
    if (ui.apr.value !== apr) ui.apr.value = apr;
    ui.leverageNote.hidden = position === null || position.debt === 0;
    if (!ui.leverageNote.hidden) {
      setText(
        ui.leverageNote,
        `The loop runs at ${fmt.fix(position.leverage, 2)}× leverage: a layer that destroys part of the token's value costs your capital about ${fmt.fix(position.leverage, 2)} times that share — ` +
          `and all of it if the fall reaches the liquidation drop of ${fmt.pct(position.liquidationDrop, 1)}. The losses above are shares of your position: raise them to match.`,
      );
    }
  }

  // --- computing ----------------------------------------------------------------
  const chart = makeTrancheChart($('#tranche-chart'), $('#tranche-summary'));
  let last = null;
  let frame = 0; // a recomputation waiting for the next frame

  function recompute() {
    cancelAnimationFrame(frame);
    frame = 0;
    table.index();
    syncApr();
    const input = readInput();
    let stack;
    try {
      stack = calc.riskStack(input);
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
    last = { input, stack };
    renderFigures(root, stack);
    renderBreakdown($('#risk-breakdown tbody'), stack.layers);
    chart.update(stack);
    root.dispatchEvent(new CustomEvent('calc-result', { detail: last, bubbles: true }));
  }

  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(recompute);
  };
  function leavePreset() {
    ui.preset.value = '';
    ui.presetNote.textContent = '';
  }
  form.addEventListener('input', (event) => {
    if (event.target === ui.preset || event.target === ui.add) return;
    if (event.target === ui.fromLoop || event.target === ui.apr || event.target === ui.baseApr) return schedule();
    leavePreset();
    schedule();
  });
  form.addEventListener('change', (event) => {
    if (event.target === ui.preset && ui.preset.value) {
      applyStack(ui.preset.value);
      schedule();
    }
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  $('#add-layer-button').addEventListener('click', () => {
    const tr = addLayer(library.find((l) => l.id === ui.add.value) ?? null);
    table.part(tr, 'label').focus();
    leavePreset();
    schedule();
  });
  // The loop's result changed: follow its net yield, in the same frame (the
  // loop computes in a frame callback of its own).
  root.getRootNode().addEventListener('calc-result', (event) => {
    if (event.target.dataset?.panel === 'loop' && ui.fromLoop.checked) recompute();
  });

  // Defaults: the loop's yield if it has one; plain staking from the yield presets.
  ui.fromLoop.checked = loop !== null;
  ui.apr.value = FALLBACK_APR; // until the loop has a result
  ui.fromLoop.disabled = !loop;
  ui.baseApr.value = fractionToPercent(plainDecimal(plainStakingApr(calc, all.yields)));
  applyStack(DEFAULT_STACK);
  recompute();

  mountSlashing(root, calc, slashing);
  mountShares(root, calc, shares, sharesNote);
  return { recompute, last: () => last };
}

/** Plain staking's net yield now: yieldProjection of the plain-staking set. */
function plainStakingApr(calc, yields) {
  const scenario = yields.scenarios.find((s) => s.id === BASE_SCENARIO);
  const components = scenario.components.map((id) => {
    const c = yields.components.find((x) => x.id === id);
    const decay = c.decay.months == null ? { type: c.decay.type } : { type: c.decay.type, months: c.decay.months };
    return { label: c.label, apr: c.apr, kind: c.kind, fee: c.fee, decay };
  });
  return calc.yieldProjection({ components, protocolFee: scenario.protocolFee, horizonMonths: scenario.horizonMonths }).now.net;
}

function renderFigures(root, s) {
  const out = (id, text) => setText(byId(root, id), text);
  const base = s.base;
  out('k-any', fmt.pct(s.anyFailureProbability));
  out('k-any-base', base ? `plain staking: ${fmt.pct(base.anyFailureProbability)}` : '');
  out('k-loss', `${fmt.pct(s.expectedLoss)} a year`);
  out('k-loss-base', base ? `of the position's value; plain staking: ${fmt.pct(base.expectedLoss)}` : "of the position's value");
  out('k-adjusted', fmt.pct(s.riskAdjustedApr));
  out('k-adjusted-base', base ? `${fmt.pct(s.apr)} before the loss; plain staking: ${fmt.pct(base.riskAdjustedApr)}` : `${fmt.pct(s.apr)} before the loss`);
  const p = s.premium;
  out('k-premium', p ? fmt.pct(p.beforeRisk) : '–');
  out('k-premium-after', p ? `before risk; ${fmt.pct(p.afterRisk)} after the expected losses` : 'give the plain staking yield');
  out('k-per-loss', p?.perAddedLoss == null ? '–' : `${fmt.fix(p.perAddedLoss, 1)}×`);
  out(
    'k-per-loss-note',
    !p ? '' : p.perAddedLoss == null ? 'the extra layers add no expected loss' : `${fmt.pct(p.beforeRisk)} extra yield for ${fmt.pct(p.addedExpectedLoss)} extra expected loss`,
  );
  let explain;
  if (!p) explain = `Expected to lose ${fmt.pct(s.expectedLoss)} of the position a year, leaving ${fmt.pct(s.riskAdjustedApr)}.`;
  else if (p.afterRisk > 0)
    explain = `After the expected losses your position still earns ${fmt.pct(p.afterRisk)} a year more than plain staking: on average the extra layers are paid for. An average hides the bad year, though — there is a ${fmt.pct(s.anyFailureProbability)} chance that some layer fails this year.`;
  else
    explain = `After the expected losses your position earns ${fmt.pct(p.afterRisk)} a year against plain staking: on average the extra layers cost more than they pay.`;
  out('k-explainer', explain);
}

function renderBreakdown(tbody, layers) {
  setRows(tbody, layers.map((l) => [l.label, fmt.pct(l.annualProbability), fmt.pct(l.lossGivenEvent), fmt.pct(l.expectedLoss, 3), fmt.pct(l.contribution, 3)]));
}

/** Grouped bars: yield before and after the expected loss, for plain staking
 *  (senior) and the position (junior). */
function makeTrancheChart(el, summary) {
  const color = (name) => cssVar(el, name);
  const categories = ['Plain staking (senior)', 'Your position (junior)'];
  const ticks = ['Plain staking\n(senior)', 'Your position\n(junior)'];
  const percent = (u, v) => (v == null ? '–' : `${fmt.num(v, 2)} %`);
  let chart = null;
  const bars = (align) => globalThis.uPlot.paths.bars({ size: [0.35, 80], align, gap: 2 });
  const options = () => ({
    class: 'tranche',
    legend: { live: true },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: () => [-0.5, 1.5] },
      y: { auto: true, range: (u, min, max) => [Math.min(0, min) * 1.15, Math.max(0, max) * 1.15 || 1] },
    },
    axes: [
      { stroke: color('--ink'), grid: { show: false }, splits: () => [0, 1], values: (u, splits) => splits.map((v) => ticks[v] ?? ''), size: 56 },
      { label: 'Yield (% a year)', stroke: color('--ink'), grid: { stroke: color('--grid') } },
    ],
    series: [
      { label: 'Tranche', value: (u, v) => (v == null ? '–' : categories[v]) },
      { label: 'Before expected loss', stroke: color('--before'), fill: color('--before-fill'), width: 1, paths: bars(-1), points: { show: false }, value: percent },
      { label: 'After expected loss', stroke: color('--after'), fill: color('--after-fill'), width: 1, paths: bars(1), points: { show: false }, value: percent },
    ],
  });
  return {
    update(stack) {
      const base = stack.base;
      const data = [
        [0, 1],
        [base ? base.apr * 100 : null, stack.apr * 100],
        [base ? base.riskAdjustedApr * 100 : null, stack.riskAdjustedApr * 100],
      ];
      if (!chart) chart = lineChart(el, options, data);
      else chart.setData(data);
      setText(
        summary,
        (base ? `Plain staking: ${fmt.pct(base.apr)} before and ${fmt.pct(base.riskAdjustedApr)} after its expected loss. ` : '') +
          `Your position: ${fmt.pct(stack.apr)} before and ${fmt.pct(stack.riskAdjustedApr)} after its expected loss.`,
      );
    },
  };
}

// --- slashingLoss --------------------------------------------------------------

function mountSlashing(root, calc, example) {
  const form = root.querySelector('#slashing-form');
  const set = (id, value) => (root.querySelector(`#${id}`).value = value);
  set('sl-balance', plainDecimal(example.balance));
  set('sl-window', plainDecimal(example.slashedInWindow));
  set('sl-total', plainDecimal(example.totalStaked));
  set('sl-stake', plainDecimal(example.stake));
  set('sl-allocated', plainDecimal(example.allocatedMagnitude));
  set('sl-total-magnitude', plainDecimal(example.totalMagnitude));
  set('sl-fraction', fractionToPercent(plainDecimal(example.slashedFraction)));
  const out = (id, text) => (root.querySelector(`#${id}`).textContent = text);
  const stale = root.querySelector('#slashing-stale');
  let good = false;
  const recompute = () => {
    let r;
    try {
      r = calc.slashingLoss(readForm(form));
    } catch (error) {
      showError(form, error);
      stale.hidden = !good;
      return;
    }
    clearErrors(form);
    stale.hidden = true;
    good = true;
    const e = r.ethereum;
    const l = r.eigenLayer;
    out('s-eth', e ? `${fmt.pct(e.lossFraction, 3)} lost` : '–');
    out('s-eth-split', e ? `${fmt.eth(e.initialPenalty, 4)} at once + ${fmt.eth(e.correlationPenalty, 4)} for being slashed with others; ${fmt.eth(e.balanceLeft, 4)} left` : '');
    out('s-eigen', l ? `${fmt.pct(l.lossFraction, 2)} lost` : '–');
    out('s-eigen-split', l ? `${fmt.pct(l.allocationShare, 1)} of the stake allocated to that AVS; ${fmt.num(l.stakeLost, 4)} tokens lost, ${fmt.num(l.stakeLeft, 4)} left` : '');
    out('s-both', `${fmt.pct(r.lossFraction, 3)} lost`);
  };
  form.addEventListener('input', () => requestAnimationFrame(recompute));
  form.addEventListener('submit', (event) => event.preventDefault());
  recompute();
}

// --- concentration -----------------------------------------------------------------

function mountShares(root, calc, examples, note) {
  const form = root.querySelector('#shares-form');
  root.querySelector('#shares-hint').textContent = note;
  const stale = root.querySelector('#shares-stale');
  const out = (id, text) => (root.querySelector(`#${id}`).textContent = text);
  let good = false;
  const table = editableRows(root.querySelector('#shares-table tbody'), shareRow, {
    prefix: 'cs',
    field: (i, name) => `shares[${i}].${name}`,
    describe: (tr, i) => table.part(tr, 'label').value.trim() || `row ${i + 1}`,
    onChange: () => recompute(),
    fallbackFocus: root.querySelector('#add-share'),
  });
  for (const e of examples) {
    table.add((part) => {
      part('label').value = e.label;
      part('share').value = fractionToPercent(plainDecimal(e.share));
    });
  }
  const readInput = () => ({
    shares: table.rows().map((tr) => {
      const entry = {};
      const label = table.part(tr, 'label').value.trim();
      const share = table.part(tr, 'share').value.trim();
      if (label) entry.label = label;
      if (share) entry.share = percentToFraction(share);
      return entry;
    }),
  });
  function recompute() {
    table.index();
    let c;
    try {
      c = calc.concentration(readInput());
    } catch (error) {
      showError(form, error);
      stale.hidden = !good;
      return;
    }
    clearErrors(form);
    stale.hidden = true;
    good = true;
    out('c-hhi', fmt.num(c.hhiPoints, 0));
    out('c-hhi-note', 'of 10,000; above 1,800 is highly concentrated');
    out('c-effective', fmt.fix(c.effectiveNumber, 2));
    out('c-largest', fmt.pct(c.largest.share, 1));
    out('c-largest-name', `of restaked capital, at ${c.largest.label}`);
  }
  form.addEventListener('input', () => requestAnimationFrame(recompute));
  form.addEventListener('submit', (event) => event.preventDefault());
  root.querySelector('#add-share').addEventListener('click', () => {
    const tr = table.add();
    table.part(tr, 'label').focus();
    recompute();
  });
  recompute();
}
