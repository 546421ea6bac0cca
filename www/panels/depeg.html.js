// The de-peg panel's markup: static text only (no data is ever put into it;
// results are written with textContent by depeg.js). Every id starts with
// "dp-" so that it cannot collide with another panel's.
export default `
<h2 id="depeg-title">De-peg and liquidation</h2>
<p class="lede">What happens to the loop above if its token trades below its exchange rate (a de-peg) or its exchange rate itself falls (slashing or a loss at the restaking protocol): when it is liquidated, what a liquidation takes, whether liquidations feed on themselves, and whether to sell now or wait for a withdrawal.</p>
<p id="dp-following" class="hint" aria-live="polite">Waiting for a valid loop above.</p>
<p id="dp-source-stale" class="stale" hidden>The loop above has an invalid input: everything below is for its last valid scenario.</p>

<h3 id="dp-oracles-title">Which oracle, which fall</h3>
<p class="explain">A lending market liquidates by the price its <strong>oracle</strong> reports. An exchange-rate oracle (Aave prices LRTs this way) ignores the token's market price, so a de-peg alone cannot liquidate your loop — but a fall of the exchange rate can. A market-price oracle does the opposite: a de-peg on exchanges liquidates you even when the ETH behind the token is intact, as ezETH loops found in April 2024. The two charts take the same loop under each kind of oracle.</p>
<div class="chart-pair">
  <figure class="chart-figure">
    <figcaption id="dp-er-caption">Exchange-rate oracle</figcaption>
    <div id="dp-er-chart" class="chart" role="img" aria-labelledby="dp-er-caption" aria-describedby="dp-er-summary"></div>
    <p id="dp-er-summary" class="hint" aria-live="polite"></p>
  </figure>
  <figure class="chart-figure">
    <figcaption id="dp-market-caption">Market-price oracle</figcaption>
    <div id="dp-market-chart" class="chart" role="img" aria-labelledby="dp-market-caption" aria-describedby="dp-market-summary"></div>
    <p id="dp-market-summary" class="hint" aria-live="polite"></p>
  </figure>
</div>
<p class="hint">Horizontal axis: how far the price falls, in % below today. Solid lines: the market price falls (a de-peg) while the exchange rate holds. Dashed lines: the exchange rate falls while the market price holds. Health factor on the left axis (below 1 = liquidatable), your equity in ETH on the right: if sold at the market price during a de-peg, at the oracle's price when the exchange rate falls. Dotted markers: the lowest point of past de-pegs; the red dashed marker: liquidation.</p>
<h4 id="dp-events-title">Past de-pegs marked on the charts</h4>
<ul id="dp-events" class="events" aria-labelledby="dp-events-title"></ul>

<h3 id="dp-liq-title">A liquidation at a chosen fall</h3>
<form id="dp-liq-form" class="inputs" novalidate aria-labelledby="dp-liq-title">
  <div class="field">
    <label for="dp-shock">Fall of the price <span class="unit">% below today</span></label>
    <div class="range-pair">
      <input id="dp-shock-range" type="range" min="0" max="60" step="0.5" aria-label="Fall of the price (slider)" tabindex="-1">
      <input id="dp-shock" data-field="sweep.to" inputmode="decimal" autocomplete="off" aria-describedby="dp-shock-hint">
    </div>
    <p id="dp-shock-hint" class="hint">Applied once to the market price and once to the exchange rate.</p>
  </div>
  <div class="field" data-mode="aaveV3">
    <label for="dp-protocol-fee">Liquidation protocol fee <span class="unit">% of the bonus</span></label>
    <input id="dp-protocol-fee" data-field="protocolFee" data-percent inputmode="decimal" autocomplete="off" aria-describedby="dp-protocol-fee-hint">
    <p id="dp-protocol-fee-hint" class="hint">Aave keeps this share of the bonus (usually 10 %). Morpho Blue takes none.</p>
  </div>
  <div class="field">
    <label for="dp-debt-usd">ETH price <span class="unit">USD, optional</span></label>
    <input id="dp-debt-usd" data-field="debtPriceUsd" inputmode="decimal" autocomplete="off" aria-describedby="dp-debt-usd-hint">
    <p id="dp-debt-usd-hint" class="hint">For Aave's $2,000 close-factor and $1,000 dust rules. Empty: the position counts as large.</p>
  </div>
  <p class="error" role="alert" hidden></p>
</form>
<div id="dp-liq-results" class="results">
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="dp-liq-caption">
    <table id="dp-liq-table">
      <caption id="dp-liq-caption">What one liquidation does after the fall <span id="dp-liq-stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></caption>
      <thead><tr><th scope="col">Outcome</th><th scope="col">Market price falls</th><th scope="col">Exchange rate falls</th></tr></thead>
      <tbody>
        <tr><th scope="row">Oracle price <span class="unit">ETH per token</span></th><td id="dp-m-price">–</td><td id="dp-e-price">–</td></tr>
        <tr><th scope="row">Health factor before → after</th><td id="dp-m-hf">–</td><td id="dp-e-hf">–</td></tr>
        <tr><th scope="row">Most it may repay (close factor) <span class="unit">ETH</span></th><td id="dp-m-max">–</td><td id="dp-e-max">–</td></tr>
        <tr><th scope="row">Debt repaid <span class="unit">ETH</span></th><td id="dp-m-repaid">–</td><td id="dp-e-repaid">–</td></tr>
        <tr><th scope="row">Collateral seized <span class="unit">tokens</span></th><td id="dp-m-seized">–</td><td id="dp-e-seized">–</td></tr>
        <tr><th scope="row">of which bonus you lose <span class="unit">tokens</span></th><td id="dp-m-bonus">–</td><td id="dp-e-bonus">–</td></tr>
        <tr><th scope="row">of which protocol fee <span class="unit">tokens</span></th><td id="dp-m-fee">–</td><td id="dp-e-fee">–</td></tr>
        <tr><th scope="row">Bad debt <span class="unit">ETH</span></th><td id="dp-m-bad">–</td><td id="dp-e-bad">–</td></tr>
        <tr><th scope="row">Left after <span class="unit">tokens · ETH of debt</span></th><td id="dp-m-left">–</td><td id="dp-e-left">–</td></tr>
      </tbody>
    </table>
  </div>
  <p id="dp-liq-explain" class="explain" aria-live="polite"></p>
</div>

<h3 id="dp-cascade-title">Liquidation cascade</h3>
<p class="lede">Liquidators sell the collateral they seize into a pool. If the market's oracle is that pool's price, each sale pushes the price down and can make more positions liquidatable, round after round. Here many identical loops borrow against the token; a seller dumps some of it into the pool; the liquidation rules are the loop's above.</p>
<form id="dp-cascade-form" class="inputs" novalidate aria-labelledby="dp-cascade-title">
  <fieldset>
    <legend>The pool</legend>
    <div class="field">
      <label for="dp-pool-kind">Kind</label>
      <select id="dp-pool-kind" data-field="pool.kind" aria-describedby="dp-pool-kind-hint">
        <option value="constantProduct">Constant product (Uniswap v2)</option>
        <option value="stableSwap">StableSwap (Curve)</option>
      </select>
      <p id="dp-pool-kind-hint" class="hint">A StableSwap pool holds the price near 1 until it runs out of one side.</p>
    </div>
    <div class="field">
      <label for="dp-reserve-in">Tokens in the pool <span class="unit">tokens</span></label>
      <input id="dp-reserve-in" data-field="pool.reserveIn" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="dp-reserve-out">ETH in the pool <span class="unit">ETH</span></label>
      <input id="dp-reserve-out" data-field="pool.reserveOut" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="dp-pool-fee">Swap fee <span class="unit">%</span></label>
      <input id="dp-pool-fee" data-field="pool.fee" data-percent inputmode="decimal" autocomplete="off">
    </div>
    <div class="field" data-mode="stableSwap">
      <label for="dp-amplification">Amplification A <span class="unit">as in the StableSwap paper</span></label>
      <input id="dp-amplification" data-field="pool.amplification" inputmode="decimal" autocomplete="off" aria-describedby="dp-amplification-hint">
      <p id="dp-amplification-hint" class="hint">Curve's contracts report A·n for n coins: a two-coin pool whose A() reads 100 has A = 50 here.</p>
    </div>
  </fieldset>
  <fieldset>
    <legend>The borrowers</legend>
    <div class="field">
      <label for="dp-leverage">Leverage of each loop <span class="unit">× its equity</span></label>
      <div class="range-pair">
        <input id="dp-leverage-range" type="range" min="1" max="30" step="0.5" aria-label="Leverage of each loop (slider)" tabindex="-1">
        <input id="dp-leverage" data-field="positions.leverage" inputmode="decimal" autocomplete="off">
      </div>
    </div>
    <div class="field">
      <label for="dp-position-equity">Equity of each loop <span class="unit">ETH</span></label>
      <input id="dp-position-equity" data-field="positions.equity" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="dp-count">Number of loops</label>
      <div class="range-pair">
        <input id="dp-count-range" type="range" min="1" max="500" step="1" aria-label="Number of loops (slider)" tabindex="-1">
        <input id="dp-count" data-field="positions.count" inputmode="numeric" autocomplete="off">
      </div>
    </div>
  </fieldset>
  <fieldset>
    <legend>The shock</legend>
    <div class="field">
      <label for="dp-sell">Tokens dumped into the pool <span class="unit">tokens</span></label>
      <div class="range-pair">
        <input id="dp-sell-range" type="range" min="0" max="3000" step="10" aria-label="Tokens dumped into the pool (slider)" tabindex="-1">
        <input id="dp-sell" data-field="shock.sellCollateral" inputmode="decimal" autocomplete="off">
      </div>
    </div>
    <div class="field">
      <label for="dp-rounds">Rounds at most</label>
      <input id="dp-rounds" data-field="maxRounds" inputmode="numeric" autocomplete="off">
    </div>
  </fieldset>
  <p class="error" role="alert" hidden></p>
</form>
<div id="dp-cascade-results" class="results">
  <h4 id="dp-cascade-results-title">Cascade <span id="dp-cascade-stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></h4>
  <dl class="figures" aria-live="polite">
    <div><dt>Liquidations</dt><dd><output id="dp-c-liquidations">–</output><span class="sub" id="dp-c-rounds"></span></dd></div>
    <div><dt>Fall of the pool price</dt><dd><output id="dp-c-drop">–</output><span class="sub" id="dp-c-prices"></span></dd></div>
    <div><dt>Bad debt</dt><dd><output id="dp-c-bad">–</output><span class="sub">debt left with no collateral: the lenders' loss</span></dd></div>
    <div><dt>Sold into the pool</dt><dd><output id="dp-c-sold">–</output><span class="sub" id="dp-c-repaid"></span></dd></div>
  </dl>
  <figure class="chart-figure">
    <figcaption id="dp-cascade-caption">Pool price and liquidations, round by round</figcaption>
    <div id="dp-cascade-chart" class="chart" role="img" aria-labelledby="dp-cascade-caption" aria-describedby="dp-cascade-summary"></div>
    <p id="dp-cascade-summary" class="hint" aria-live="polite"></p>
  </figure>
  <details class="table-wrap">
    <summary>Round by round</summary>
    <table id="dp-rounds-table">
      <caption class="visually-hidden">The cascade, round by round</caption>
      <thead><tr><th scope="col">Round</th><th scope="col">Oracle price <span class="unit">ETH</span></th><th scope="col">Liquidations</th><th scope="col">Sold <span class="unit">tokens</span></th><th scope="col">Repaid <span class="unit">ETH</span></th><th scope="col">Bad debt <span class="unit">ETH</span></th></tr></thead>
      <tbody></tbody>
    </table>
  </details>
</div>

<h3 id="dp-exit-title">Sell now, or wait for the withdrawal?</h3>
<p class="lede">To get out you can sell the token now at its market price and repay the loan, or ask its protocol to redeem it at the exchange rate and wait in the withdrawal queue — paying interest on the loan meanwhile. To model a de-peg today, set the loop's market price below its exchange rate.</p>
<form id="dp-exit-form" class="inputs" novalidate aria-labelledby="dp-exit-title">
  <div class="field">
    <label for="dp-withdrawal-days">Withdrawal queue <span class="unit">days</span></label>
    <input id="dp-withdrawal-days" data-field="withdrawalDays" inputmode="decimal" autocomplete="off">
  </div>
  <div class="field">
    <label for="dp-exit-cost">Cost of selling now <span class="unit">% of what you sell</span></label>
    <input id="dp-exit-cost" data-field="exitSwapCost" data-percent inputmode="decimal" autocomplete="off" aria-describedby="dp-exit-cost-hint">
    <p id="dp-exit-cost-hint" class="hint">Swap fees and price impact.</p>
  </div>
  <p class="error" role="alert" hidden></p>
</form>
<div id="dp-exit-results" class="results">
  <h4 id="dp-exit-results-title">Exit <span id="dp-exit-stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></h4>
  <dl class="figures" aria-live="polite">
    <div><dt>Sell now and repay</dt><dd><output id="dp-x-now">–</output><span class="sub" id="dp-x-now-note"></span></dd></div>
    <div><dt>Wait in the queue and repay</dt><dd><output id="dp-x-queue">–</output><span class="sub" id="dp-x-queue-note"></span></dd></div>
    <div><dt>Better choice</dt><dd><output id="dp-x-better">–</output><span class="sub" id="dp-x-difference"></span></dd></div>
    <div><dt>Break-even de-peg</dt><dd><output id="dp-x-break-even">–</output><span class="sub" id="dp-x-discount"></span></dd></div>
    <div><dt>Health factor while waiting</dt><dd><output id="dp-x-hf">–</output><span class="sub" id="dp-x-healthy"></span></dd></div>
  </dl>
</div>

<h3 id="dp-words-title">Liquidation, in plain words</h3>
<dl class="words" aria-labelledby="dp-words-title">
  <dt>Close factor</dt><dd>The most of your debt one liquidation may repay. Aave V3.3: half of it while the health factor is above 0.95 and both your debt and collateral are worth at least $2,000; all of it otherwise. Morpho Blue has none: the whole debt can be repaid at once.</dd>
  <dt>Liquidation bonus</dt><dd>The liquidator repays some of your debt and takes collateral worth that much plus the bonus (1 % on Aave's ETH E-Modes). The bonus is what a liquidation costs you beyond the debt it clears. Morpho derives it from the LLTV: LIF = min(1.15, 1 / (0.3 × LLTV + 0.7)).</dd>
  <dt>Protocol fee</dt><dd>Aave keeps a share of the bonus (usually 10 %) for its treasury; the liquidator gets the rest of the seized collateral.</dd>
  <dt>Dust rule</dt><dd>Aave V3.3 refuses a partial liquidation that would leave less than $1,000 of debt or of collateral: it must clear the position or leave enough of both.</dd>
  <dt>Bad debt</dt><dd>When the collateral is gone and debt remains, nobody can repay it. Aave V3.3 writes it off as a deficit; Morpho Blue spreads it over the market's lenders.</dd>
  <dt>Why the oracle matters</dt><dd>With an exchange-rate oracle you can ride out a de-peg and wait for the withdrawal queue; with a market-price oracle the de-peg itself liquidates you, at the worst price, and the liquidators' selling can deepen it (the cascade above).</dd>
</dl>
`;
