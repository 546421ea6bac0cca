// The loop panel's markup: static text only (no data is ever put into it;
// results are written with textContent by loop.js).
export default `
<h2 id="loop-title">Leveraged loop</h2>
<p class="lede">Deposit a liquid restaking token (LRT) in a lending market, borrow ETH against it, buy more of the token, repeat. Each round raises your exposure — and the yield — but brings the liquidation price closer.</p>

<form id="loop-form" class="inputs" novalidate>
  <p id="link-notice" class="notice" role="status" hidden></p>
<div class="preset-row">
    <label for="preset">Start from a preset</label>
    <select id="preset" name="preset"></select>
    <p id="preset-note" class="hint" aria-live="polite"></p>
  </div>

  <fieldset>
    <legend>Your position</legend>
    <div class="field">
      <label for="equity">Your capital <span class="unit">ETH</span></label>
      <input id="equity" name="e" data-field="equity" inputmode="decimal" autocomplete="off" aria-describedby="equity-hint">
      <p id="equity-hint" class="hint">What you put in, held as the token.</p>
    </div>
    <div class="field">
      <label for="exchange-rate">Exchange rate <span class="unit">ETH per token</span></label>
      <input id="exchange-rate" name="er" data-field="collateral.exchangeRate" inputmode="decimal" autocomplete="off" aria-describedby="exchange-rate-hint">
      <p id="exchange-rate-hint" class="hint">What one token is worth according to its own protocol (the ETH it can be redeemed for).</p>
    </div>
    <div class="field">
      <label for="market-price">Market price <span class="unit">ETH per token</span></label>
      <input id="market-price" name="mp" data-field="collateral.marketPrice" inputmode="decimal" autocomplete="off" aria-describedby="market-price-hint">
      <p id="market-price-hint" class="hint">Its price on exchanges today. Below the exchange rate means a de-peg.</p>
    </div>
    <div class="field">
      <label for="sustainable-apr">Sustainable yield <span class="unit">% a year</span></label>
      <input id="sustainable-apr" name="sy" data-field="collateral.sustainableApr" data-percent inputmode="decimal" autocomplete="off" aria-describedby="sustainable-apr-hint">
      <p id="sustainable-apr-hint" class="hint">Staking and restaking rewards that grow the exchange rate.</p>
    </div>
    <div class="field">
      <label for="incentive-apr">Incentives <span class="unit">% a year</span></label>
      <input id="incentive-apr" name="iy" data-field="collateral.incentiveApr" data-percent inputmode="decimal" autocomplete="off" aria-describedby="incentive-apr-hint">
      <p id="incentive-apr-hint" class="hint">Token or points rewards paid on top; they usually shrink over time.</p>
    </div>
    <p id="yield-link-note" class="hint linked-note" hidden>These two come from the yield panel below (after fees, now). Untick “Use these yields in the loop” there to type your own.</p>
  </fieldset>

  <fieldset>
    <legend>Lending market</legend>
    <div class="field">
      <label for="protocol">Protocol</label>
      <select id="protocol" name="p" data-field="market.protocol">
        <option value="aaveV3">Aave V3</option>
        <option value="morphoBlue">Morpho Blue</option>
      </select>
    </div>
    <div class="field">
      <label for="max-ltv">Max loan-to-value <span class="unit">%</span></label>
      <input id="max-ltv" name="ltv" data-field="market.maxLtv" data-percent inputmode="decimal" autocomplete="off" aria-describedby="max-ltv-hint">
      <p id="max-ltv-hint" class="hint">The most you may borrow, as a share of your collateral's value.</p>
    </div>
    <div class="field">
      <label for="liquidation-threshold">Liquidation threshold <span class="unit">%</span></label>
      <input id="liquidation-threshold" name="lt" data-field="market.liquidationThreshold" data-percent inputmode="decimal" autocomplete="off" aria-describedby="liquidation-threshold-hint">
      <p id="liquidation-threshold-hint" class="hint">When debt exceeds this share of the collateral's value, anyone may liquidate you (Morpho calls it LLTV).</p>
    </div>
    <div class="field">
      <label for="liquidation-bonus">Liquidation bonus <span class="unit">%</span></label>
      <input id="liquidation-bonus" name="lb" data-field="market.liquidationBonus" data-percent inputmode="decimal" autocomplete="off" aria-describedby="liquidation-bonus-hint">
      <p id="liquidation-bonus-hint" class="hint">The discount a liquidator gets on your collateral. Morpho derives it from the threshold.</p>
    </div>
    <div class="field">
      <label for="borrow-apr">Borrow rate <span class="unit">% a year</span></label>
      <input id="borrow-apr" name="b" data-field="market.borrowApr" data-percent inputmode="decimal" autocomplete="off" aria-describedby="borrow-apr-hint">
      <p id="borrow-apr-hint" class="hint">Interest on the ETH you borrow.</p>
    </div>
    <fieldset class="choice" data-field="market.oracle">
      <legend>Price oracle</legend>
      <label><input type="radio" name="o" value="exchangeRate"> Exchange rate <span class="hint">(a de-peg alone cannot liquidate)</span></label>
      <label><input type="radio" name="o" value="market"> Market price <span class="hint">(a de-peg can liquidate)</span></label>
    </fieldset>
  </fieldset>

  <fieldset>
    <legend>Building the loop</legend>
    <fieldset class="choice">
      <legend>How</legend>
      <label><input type="radio" name="m" value="loops"> Repeat borrow → buy → deposit</label>
      <label><input type="radio" name="m" value="target"> One flash-loan step to a target leverage</label>
    </fieldset>
    <div class="field" data-mode="loops">
      <label for="loops">Loops <span class="unit">rounds</span></label>
      <div class="range-pair">
        <input id="loops-range" type="range" min="0" max="30" step="1" aria-label="Loops (slider)" tabindex="-1">
        <input id="loops" name="n" data-field="loops" inputmode="numeric" autocomplete="off">
      </div>
    </div>
    <div class="field" data-mode="target">
      <label for="target-leverage">Target leverage <span class="unit">× your capital</span></label>
      <input id="target-leverage" name="tl" data-field="targetLeverage" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="swap-cost">Swap cost <span class="unit">% of each swap</span></label>
      <input id="swap-cost" name="sc" data-field="costs.swapCost" data-percent inputmode="decimal" autocomplete="off" aria-describedby="swap-cost-hint">
      <p id="swap-cost-hint" class="hint">Fees and price impact lost when buying the token.</p>
    </div>
    <div class="field" data-mode="target">
      <label for="flash-loan-fee">Flash-loan fee <span class="unit">%</span></label>
      <input id="flash-loan-fee" name="fl" data-field="costs.flashLoanFee" data-percent inputmode="decimal" autocomplete="off">
    </div>
  </fieldset>
  <p id="form-error" class="error" role="alert" hidden></p>
</form>

<div class="results" id="loop-results" aria-labelledby="results-title">
  <h3 id="results-title">Results <span id="stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></h3>
  <dl class="figures" aria-live="polite">
    <div><dt>Leverage</dt><dd><output id="r-leverage" for="equity loops target-leverage">–</output><span class="sub" id="r-max-leverage"></span></dd></div>
    <div><dt>Health factor</dt><dd><output id="r-hf">–</output><span class="sub">below 1 = liquidatable</span></dd></div>
    <div><dt>Net yield on your capital</dt><dd><output id="r-net-apr">–</output><span class="sub" id="r-apr-split"></span></dd></div>
    <div><dt>Liquidation price</dt><dd><output id="r-liq-price">–</output><span class="sub" id="r-liq-drop"></span></dd></div>
    <div><dt>Days to liquidation from interest alone</dt><dd><output id="r-days">–</output><span class="sub" id="r-days-note"></span></dd></div>
    <div><dt>Entry cost</dt><dd><output id="r-entry">–</output><span class="sub">swap costs and fees</span></dd></div>
    <div><dt>Position</dt><dd><output id="r-position">–</output><span class="sub" id="r-equity"></span></dd></div>
    <div><dt>Break-even borrow rate</dt><dd><output id="r-break-even">–</output><span class="sub" id="r-break-even-sus"></span></dd></div>
  </dl>
  <p id="oracle-explainer" class="explain"></p>
</div>

<figure class="chart-figure">
  <figcaption id="depeg-caption">Health factor and your equity if the token's market price falls (de-peg, % below the exchange rate). The dashed line marks liquidation.</figcaption>
  <div id="depeg-chart" class="chart" role="img" aria-labelledby="depeg-caption" aria-describedby="depeg-summary"></div>
  <p id="depeg-summary" class="hint" aria-live="polite"></p>
</figure>

<details class="table-wrap" open>
  <summary>Loop by loop</summary>
  <table id="steps">
    <caption class="visually-hidden">The position after each loop</caption>
    <thead><tr><th scope="col">Loop</th><th scope="col">Collateral <span class="unit">tokens</span></th><th scope="col">Debt <span class="unit">ETH</span></th><th scope="col">Leverage <span class="unit">×</span></th><th scope="col">Health factor</th></tr></thead>
    <tbody></tbody>
  </table>
</details>

<div class="share">
  <button type="button" id="copy-link">Copy link to this scenario</button>
  <button type="button" id="embed-open" class="secondary">Embed this</button>
  <button type="button" id="export-json" class="secondary">Save scenario (JSON)</button>
  <label class="file-button secondary" for="import-json">Open a scenario file</label>
  <input type="file" id="import-json" class="visually-hidden" accept="application/json,.json">
  <p id="copy-status" role="status"></p>
</div>
<dialog id="embed-dialog" aria-labelledby="embed-title">
  <h3 id="embed-title">Embed this calculator</h3>
  <p class="hint">Paste either snippet into your page; it shows the scenario on screen now. Everything still runs in your readers' browsers.</p>
  <label for="embed-element">As an element — one script tag, any number of calculators on a page</label>
  <textarea id="embed-element" readonly rows="5"></textarea>
  <button type="button" data-copy="embed-element" class="secondary">Copy element</button>
  <label for="embed-iframe">As an iframe — isolated from your page's styles and scripts; it sizes itself</label>
  <textarea id="embed-iframe" readonly rows="5"></textarea>
  <button type="button" data-copy="embed-iframe" class="secondary">Copy iframe</button>
  <p id="embed-status" role="status"></p>
  <button type="button" id="embed-close">Close</button>
</dialog>
`;
