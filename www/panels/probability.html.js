// The probability panel's markup: static text only (no data is ever put into
// it; results are written with textContent by probability.js).
export default `
<h2 id="probability-title">Probability of liquidation</h2>
<p class="lede">How likely is it that the loop above is liquidated before you exit? The calculator plays out thousands of possible futures (“paths”) of the token's exchange rate and market price, day by day, and counts the share that end in liquidation. It runs in the background, so the page stays responsive.</p>
<p id="prob-scenario" class="hint"></p>

<form id="prob-form" class="inputs" novalidate>
  <fieldset>
    <legend>De-peg model (market discount)</legend>
    <div class="field">
      <label for="discount-preset">Calibrated to</label>
      <select id="discount-preset" name="dp" aria-describedby="discount-note"></select>
      <p id="discount-note" class="hint"></p>
    </div>
    <div data-mode="discount">
      <div class="field">
        <label for="discount-jumps">Sudden drops <span class="unit">per year</span></label>
        <input id="discount-jumps" name="dj" data-field="marketDiscount.jumpsPerYear" inputmode="decimal" autocomplete="off" aria-describedby="discount-jumps-hint">
        <p id="discount-jumps-hint" class="hint">How often the market price suddenly falls below the exchange rate (0.5 = once in two years).</p>
      </div>
      <div class="field">
        <label for="discount-jump-mean">Size of a drop <span class="unit">%</span></label>
        <input id="discount-jump-mean" name="djm" data-field="marketDiscount.jumpMean" data-percent inputmode="decimal" autocomplete="off" aria-describedby="discount-jump-mean-hint">
        <p id="discount-jump-mean-hint" class="hint">The typical extra discount one drop adds.</p>
      </div>
      <div class="field">
        <label for="discount-jump-stdev">Spread of drop sizes <span class="unit">%</span></label>
        <input id="discount-jump-stdev" name="djs" data-field="marketDiscount.jumpStdev" data-percent inputmode="decimal" autocomplete="off" aria-describedby="discount-jump-stdev-hint">
        <p id="discount-jump-stdev-hint" class="hint">Standard deviation of a drop's size: most drops are within this of the typical size.</p>
      </div>
      <div class="field">
        <label for="discount-reversion">Recovery speed <span class="unit">per year</span></label>
        <input id="discount-reversion" name="dk" data-field="marketDiscount.meanReversionPerYear" inputmode="decimal" autocomplete="off" aria-describedby="discount-reversion-hint">
        <p id="discount-reversion-hint" class="hint">How fast the discount closes: half of it is gone after 0.69 ÷ this many years (1,250 ≈ 5 hours, 8 ≈ a month).</p>
      </div>
      <div class="field">
        <label for="discount-volatility">Everyday swings <span class="unit">% per √year</span></label>
        <input id="discount-volatility" name="dv" data-field="marketDiscount.volatility" data-percent inputmode="decimal" autocomplete="off" aria-describedby="discount-volatility-hint">
        <p id="discount-volatility-hint" class="hint">Volatility of the discount between drops.</p>
      </div>
      <div class="field">
        <label for="discount-mean">Long-run discount <span class="unit">%</span></label>
        <input id="discount-mean" name="dm" data-field="marketDiscount.longRunMean" data-percent inputmode="decimal" autocomplete="off" aria-describedby="discount-mean-hint">
        <p id="discount-mean-hint" class="hint">The level it recovers to; 0 is the peg.</p>
      </div>
    </div>
  </fieldset>

  <fieldset>
    <legend>Slashing</legend>
    <div class="field">
      <label for="slashing-events">Slashing events <span class="unit">per year</span></label>
      <input id="slashing-events" name="se" data-field="slashing.eventsPerYear" inputmode="decimal" autocomplete="off" aria-describedby="slashing-events-hint">
      <p id="slashing-events-hint" class="hint">How often the restaked ETH behind the token is cut (0.05 = once in 20 years; 0 = never).</p>
    </div>
    <div class="field">
      <label for="slashing-severity">Severity <span class="unit">% of the exchange rate</span></label>
      <input id="slashing-severity" name="ss" data-field="slashing.severity" data-percent inputmode="decimal" autocomplete="off" aria-describedby="slashing-severity-hint">
      <p id="slashing-severity-hint" class="hint">What one event takes from every token. Unlike a de-peg, it lowers the exchange rate itself, so it reaches every oracle.</p>
    </div>
  </fieldset>

  <fieldset>
    <legend>Simulation</legend>
    <div class="field">
      <label for="horizon-days">Horizon <span class="unit">days</span></label>
      <input id="horizon-days" name="h" data-field="horizonDays" inputmode="numeric" autocomplete="off" aria-describedby="horizon-days-hint">
      <p id="horizon-days-hint" class="hint">How long you keep the loop, 1 to 3,650 days. Health is checked once a day.</p>
    </div>
    <fieldset class="choice" data-field="paths" aria-describedby="paths-hint">
      <legend>Paths</legend>
      <label><input type="radio" name="np" value="10000"> 10,000 <span class="hint">(quick; updates as you edit)</span></label>
      <label><input type="radio" name="np" value="100000"> 100,000 <span class="hint">(about 3× less sampling error; press Run)</span></label>
    </fieldset>
    <p id="paths-hint" class="hint">More paths shrink the sampling error, not the model's.</p>
    <div class="field">
      <label for="seed">Seed <span class="unit">whole number</span></label>
      <input id="seed" name="sd" data-field="seed" inputmode="numeric" autocomplete="off" aria-describedby="seed-hint">
      <p id="seed-hint" class="hint">The same seed gives the same numbers; change it to see the sampling noise.</p>
    </div>
  </fieldset>

  <div class="run-row">
    <div class="run-buttons">
      <button type="submit" id="prob-run">Run</button>
      <button type="button" id="prob-cancel" class="secondary" disabled>Cancel</button>
    </div>
    <div class="run-progress">
      <label for="prob-progress">Progress <span class="unit">your loop, then other leverages</span></label>
      <progress id="prob-progress" max="1" value="0"></progress>
    </div>
    <p id="prob-status" class="hint" role="status"></p>
  </div>
  <p id="prob-form-error" class="error" role="alert" hidden></p>
</form>

<div class="results" id="prob-results" aria-labelledby="prob-results-title">
  <h3 id="prob-results-title">Results <span id="prob-stale" class="stale" hidden></span></h3>
  <dl class="figures">
    <div><dt>Probability of liquidation</dt><dd><output id="p-probability">–</output><span class="sub" id="p-error"></span></dd></div>
    <div><dt>Liquidated paths</dt><dd><output id="p-liquidated">–</output><span class="sub" id="p-horizon"></span></dd></div>
    <div><dt>When liquidations happen</dt><dd><output id="p-first-day">–</output><span class="sub" id="p-first-day-range"></span></dd></div>
    <div><dt>Lowest health factor on the way</dt><dd><output id="p-min-hf">–</output><span class="sub" id="p-min-hf-range"></span></dd></div>
    <div><dt>Your equity at the horizon</dt><dd><output id="p-equity">–</output><span class="sub" id="p-equity-range"></span></dd></div>
    <div><dt>Expected loss</dt><dd><output id="p-loss">–</output><span class="sub" id="p-loss-share"></span></dd></div>
  </dl>
  <p id="p-oracle-note" class="explain"></p>

  <div class="chart-grid">
    <figure class="chart-figure">
      <figcaption id="p-convergence-caption">The estimate as paths accumulate: probability of liquidation (line) and its 95 % interval (band), in %.</figcaption>
      <div id="p-convergence-chart" class="chart" role="img" aria-labelledby="p-convergence-caption" aria-describedby="p-convergence-summary"></div>
      <p id="p-convergence-summary" class="hint"></p>
    </figure>
    <figure class="chart-figure">
      <figcaption id="p-sweep-caption">Probability of liquidation at other leverages (same model and seed, built in one flash-loan step), with its 95 % interval. The dashed line marks your loop.</figcaption>
      <div id="p-sweep-chart" class="chart" role="img" aria-labelledby="p-sweep-caption" aria-describedby="p-sweep-summary"></div>
      <p id="p-sweep-summary" class="hint"></p>
    </figure>
    <figure class="chart-figure">
      <figcaption id="p-min-hf-caption">Lowest health factor each path reached (number of paths). Left of the dashed line: liquidated.</figcaption>
      <div id="p-min-hf-chart" class="chart" role="img" aria-labelledby="p-min-hf-caption" aria-describedby="p-min-hf-summary"></div>
      <p id="p-min-hf-summary" class="hint"></p>
    </figure>
    <figure class="chart-figure">
      <figcaption id="p-day-caption">Day of the liquidation, for the paths that were liquidated (number of paths).</figcaption>
      <div id="p-day-chart" class="chart" role="img" aria-labelledby="p-day-caption" aria-describedby="p-day-summary"></div>
      <p id="p-day-summary" class="hint"></p>
    </figure>
  </div>

  <details class="table-wrap">
    <summary>Probability by leverage, as a table</summary>
    <table id="p-sweep-table">
      <caption class="visually-hidden">Probability of liquidation at each leverage of the sweep</caption>
      <thead><tr><th scope="col">Leverage <span class="unit">×</span></th><th scope="col">Probability</th><th scope="col">95 % interval</th></tr></thead>
      <tbody></tbody>
    </table>
  </details>
</div>

<section class="model-notes" aria-labelledby="model-notes-title">
  <h3 id="model-notes-title">How to read this</h3>
  <ul>
    <li><strong>A model, not a forecast.</strong> The figures say what happens if the future behaves like the assumptions below. They do not say what will happen; the next crisis may be unlike the last ones.</li>
    <li><strong>Parameters come from past events.</strong> Each de-peg model is a judgment fitted to one event (ezETH in April 2024, stETH in June 2022, weETH in August 2024), not a statistical estimate. Few LRTs have traded through a crisis, so the true odds are uncertain. No LRT has yet lost a large share of its stake to slashing: the slashing defaults are an illustration, not a measurement.</li>
    <li><strong>The discount process.</strong> The token's market price sits at a discount to its exchange rate. Most days the discount moves a little and is pulled back towards the peg (recovery speed); now and then a sudden drop widens it (size and spread of drops), as when many holders sell at once. A market that prices the token at its market price liquidates on such a drop; one that uses the exchange rate does not.</li>
    <li><strong>Slashing.</strong> Rare events in which the validators or services behind the token are penalised: the exchange rate itself falls by the severity, for good. Every oracle sees it.</li>
    <li><strong>Interest.</strong> Staking rewards grow the exchange rate and interest grows the debt, at today's rates for the whole horizon; incentives are paid on top and do not protect the loop.</li>
    <li><strong>The standard error</strong> is the noise of the simulation itself: with a finite number of paths the estimate wobbles around what infinitely many paths would give, and lies within about two standard errors of it 19 times in 20 (the 95 % interval). Four times the paths halve it. It measures sampling noise only, never whether the model is right.</li>
    <li><strong>Left out.</strong> Health is checked once a day, so a dip that recovers within the day is missed. You never react (no top-up, no exit). A liquidation repays all the debt with the bonus — harsher than Aave's 50 % close factor. Borrow and staking rates, oracle rules and the market's parameters stay as they are today.</li>
  </ul>
</section>
`;
