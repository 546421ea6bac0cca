// The portfolio panel's markup: static text only (no data is ever put into
// it; position rows are cloned from the templates below and results are
// written with textContent by portfolio.js).
export default `
<h2 id="portfolio-title">Portfolio risk</h2>
<p class="lede">You hold a leveraged LRT loop, some ETH, a perpetual short and a few options. What moves your book, what does a crash or a volatility spike do to it, how would you hedge it, and how bad is a bad day? Prices are in US dollars; the loop counts in ETH and is converted at the ETH price.</p>

<form id="pf-form" class="inputs portfolio-inputs" novalidate>
  <div class="preset-row">
    <label for="pf-preset">Start from a preset</label>
    <select id="pf-preset"></select>
    <p id="pf-preset-note" class="hint" aria-live="polite"></p>
  </div>

  <fieldset>
    <legend>The market today</legend>
    <div class="field">
      <label for="pf-spot">ETH price <span class="unit">USD</span></label>
      <input id="pf-spot" data-field="market.spot" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="pf-vol">ETH volatility <span class="unit">% a year</span></label>
      <input id="pf-vol" data-field="market.vol" data-percent inputmode="decimal" autocomplete="off" aria-describedby="pf-vol-hint">
      <p id="pf-vol-hint" class="hint">The options' implied volatility (each option may have its own) and the size of a typical move in the risk figures below.</p>
    </div>
    <div class="field">
      <label for="pf-rate">Interest rate <span class="unit">% a year</span></label>
      <input id="pf-rate" data-field="market.rate" data-percent inputmode="decimal" autocomplete="off" aria-describedby="pf-rate-hint">
      <p id="pf-rate-hint" class="hint">The dollar rate used to price the options.</p>
    </div>
  </fieldset>

  <fieldset>
    <legend>Scenarios</legend>
    <div class="field">
      <label for="pf-horizon">Payoff date <span class="unit">days from today</span></label>
      <input id="pf-horizon" data-field="payoff.horizonDays" inputmode="decimal" autocomplete="off" aria-describedby="pf-horizon-hint">
      <p id="pf-horizon-hint" class="hint">The “T + n” curve of the payoff chart.</p>
    </div>
    <div class="field">
      <label for="pf-crash">Crash to protect against <span class="unit">% fall of ETH</span></label>
      <input id="pf-crash" data-field="protection.crash" data-percent inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="pf-put-strike">Strike of the protective puts <span class="unit">USD</span></label>
      <input id="pf-put-strike" data-field="protection.strike" inputmode="decimal" autocomplete="off" aria-describedby="pf-put-strike-hint">
      <p id="pf-put-strike-hint" class="hint">Empty: at today's price.</p>
    </div>
    <div class="field">
      <label for="pf-put-days">Puts' expiry <span class="unit">days</span></label>
      <input id="pf-put-days" data-field="protection.days" inputmode="decimal" autocomplete="off">
    </div>
  </fieldset>

  <fieldset>
    <legend>A bad day: value at risk</legend>
    <div class="field">
      <label for="pf-confidence">Confidence <span class="unit">%</span></label>
      <input id="pf-confidence" data-field="tail.confidence" data-percent inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="pf-tail-days">Horizon <span class="unit">days</span></label>
      <input id="pf-tail-days" data-field="tail.horizonDays" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="pf-dof">Student-t degrees of freedom</label>
      <input id="pf-dof" data-field="tail.dof" inputmode="decimal" autocomplete="off" aria-describedby="pf-dof-hint">
      <p id="pf-dof-hint" class="hint">Lower means fatter tails; 3 to 5 fits daily crypto returns, very large is the normal.</p>
    </div>
    <div class="field">
      <label for="pf-skew">Skewness of ETH returns</label>
      <input id="pf-skew" data-field="tail.skew" inputmode="decimal" autocomplete="off">
    </div>
    <div class="field">
      <label for="pf-kurtosis">Excess kurtosis of ETH returns</label>
      <input id="pf-kurtosis" data-field="tail.excessKurtosis" inputmode="decimal" autocomplete="off" aria-describedby="pf-kurtosis-hint">
      <p id="pf-kurtosis-hint" class="hint">Skewness and excess kurtosis shape the Cornish-Fisher method; 0 and 0 is the normal.</p>
    </div>
  </fieldset>

  <fieldset class="span-all">
    <legend>Positions</legend>
    <p class="hint" id="pf-positions-hint">Quantities are in ETH: a minus sign sells (options written, ETH owed). Leave a field empty to use its default.</p>
    <ol id="pf-positions" class="positions" aria-describedby="pf-positions-hint"></ol>
    <div class="add-row">
      <label for="pf-add">Add a position</label>
      <div class="add-row-controls">
        <select id="pf-add">
          <option value="spot">ETH held</option>
          <option value="perp">Perpetual future</option>
          <option value="option">Option</option>
          <option value="loop">Leveraged loop</option>
        </select>
        <button type="button" id="pf-add-button">Add</button>
      </div>
    </div>
  </fieldset>

  <fieldset class="span-all">
    <legend>Your own history (optional)</legend>
    <div class="field">
      <label for="pf-returns">ETH returns over the horizon <span class="unit">% each, one per line or comma-separated</span></label>
      <textarea id="pf-returns" data-field="tail.returns" maxlength="2000000" rows="3" spellcheck="false" autocomplete="off" aria-describedby="pf-returns-hint"></textarea>
      <p id="pf-returns-hint" class="hint">Paste a column of daily percentage changes (for example from a CSV export): the historical method replays each one on today's book. Text that is not a number is reported.</p>
    </div>
  </fieldset>
  <p id="pf-form-error" class="error span-all" role="alert" hidden></p>
</form>

<div class="results" id="pf-results">
  <h3 id="pf-results-title">Your book <span id="pf-stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></h3>
  <dl class="figures" aria-live="polite">
    <div><dt>Value</dt><dd><output id="pf-value">–</output><span class="sub">what everything is worth today</span></dd></div>
    <div><dt>Delta</dt><dd><output id="pf-delta">–</output><span class="sub" id="pf-delta-note"></span></dd></div>
    <div><dt>Gamma</dt><dd><output id="pf-gamma">–</output><span class="sub">how the delta changes when ETH rises 1 %</span></dd></div>
    <div><dt>Vega</dt><dd><output id="pf-vega">–</output><span class="sub">gained per volatility point (e.g. 70 % → 71 %)</span></dd></div>
    <div><dt>Theta</dt><dd><output id="pf-theta">–</output><span class="sub">the options' time decay per day</span></dd></div>
    <div><dt>Carry</dt><dd><output id="pf-carry">–</output><span class="sub">funding and loop yield per day</span></dd></div>
    <div><dt>De-peg exposure</dt><dd><output id="pf-depeg">–</output><span class="sub">lost per 1 % the LRT trades below its exchange rate</span></dd></div>
  </dl>

  <details class="table-wrap" open>
    <summary>Position by position</summary>
    <table id="pf-breakdown">
      <caption class="visually-hidden">Value, greeks and liquidation point of each position</caption>
      <thead><tr><th scope="col">Position</th><th scope="col">Value <span class="unit">USD</span></th><th scope="col">Delta <span class="unit">ETH</span></th><th scope="col">Gamma <span class="unit">ETH per 1 %</span></th><th scope="col">Vega <span class="unit">USD per point</span></th><th scope="col">Theta <span class="unit">USD a day</span></th><th scope="col">Carry <span class="unit">USD a day</span></th><th scope="col">Liquidated at</th></tr></thead>
      <tbody></tbody>
    </table>
  </details>
  <h4 id="pf-liquidations-title">Liquidation</h4>
  <ul id="pf-liquidations" class="explain liquidations" aria-labelledby="pf-liquidations-title"></ul>

  <h4 id="pf-hedge-title">Hedging</h4>
  <p id="pf-hedge" class="explain"></p>
  <p id="pf-protection" class="explain"></p>

  <figure class="chart-figure">
    <figcaption id="pf-payoff-caption">Profit or loss of the whole book against the ETH price: now, at the payoff date and at the last option's expiry. Dashed lines: today's price and the perpetuals' liquidation prices.</figcaption>
    <div id="pf-payoff-chart" class="chart" role="img" aria-labelledby="pf-payoff-caption" aria-describedby="pf-payoff-summary"></div>
    <p id="pf-payoff-summary" class="hint" aria-live="polite"></p>
  </figure>

  <h4 id="pf-heat-title">Crash and volatility scenarios</h4>
  <p class="hint" id="pf-heat-hint">Profit or loss in USD if ETH jumped to each price (columns) while volatility moved by the share in each row, right now. Red loses, green gains; the darker, the larger.</p>
  <div class="heat-wrap" tabindex="0" role="region" aria-labelledby="pf-heat-title" aria-describedby="pf-heat-hint">
    <table id="pf-heat" class="heat">
      <caption class="visually-hidden">Profit or loss of the book in USD over ETH price moves (columns) and volatility moves (rows)</caption>
      <thead><tr><th scope="col">Volatility move ↓, ETH price <span class="unit">USD</span> →</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>

  <h4 id="pf-tail-title">How bad is a bad day?</h4>
  <div class="table-wrap">
    <table id="pf-tail">
      <caption id="pf-tail-caption">Value at risk (VaR) and expected shortfall (ES) of the book</caption>
      <thead><tr><th scope="col">Method</th><th scope="col">VaR <span class="unit">USD</span></th><th scope="col">ES <span class="unit">USD</span></th><th scope="col">ETH's own VaR <span class="unit">a fall of its return</span></th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
  <p id="pf-tail-note" class="explain"></p>
</div>

<details class="terms">
  <summary>The terms and conventions, in plain words</summary>
  <dl>
    <dt>Put and call</dt><dd>A put is the right to sell one ETH at the strike price until expiry: it pays when ETH falls below the strike. A call is the right to buy: it pays above the strike. Selling (writing) one earns its price now and owes the payout later.</dd>
    <dt>Delta</dt><dd>How many dollars the book gains when ETH rises one dollar — the same as holding that many ETH. A loop that borrows ETH has a delta equal to its equity in ETH.</dd>
    <dt>Gamma</dt><dd>How fast the delta changes: bought options have positive gamma (the delta grows in your favour), sold options negative.</dd>
    <dt>Vega per point</dt><dd>Dollars gained when implied volatility rises one percentage point (vega per 1.00 divided by 100).</dd>
    <dt>Theta per day</dt><dd>What the options lose (or, if sold, earn) as one calendar day passes with nothing else changing: theta per year divided by 365.</dd>
    <dt>Carry</dt><dd>Funding of the perpetuals (a positive rate: longs pay shorts, every 8 hours) and the loop's net yield, per day at today's prices.</dd>
    <dt>Liquidation</dt><dd>A perpetual on isolated margin is closed when its margin falls to the maintenance margin; you lose that margin. A loop that borrows ETH against an LRT does not care about the dollar price of ETH: it is liquidated by a de-peg (if its market reads the token's market price) or a fall of the token's exchange rate.</dd>
    <dt>Value at risk (VaR)</dt><dd>A loss the book should not exceed on, say, 99 days out of 100. Expected shortfall (ES) is the average loss on the remaining bad day — it looks into the tail that VaR ignores.</dd>
    <dt>The methods</dt><dd>Normal assumes thin tails. Student-t and Cornish-Fisher give ETH's returns fatter tails (crypto has many more extreme days than a normal allows). Historical replays the returns you paste. Every method revalues the whole book at each ETH price, options and liquidations included.</dd>
  </dl>
</details>
`;

/** The fields of each kind of position (ids, data-field paths and the
 *  legend's number are set by portfolio.js). */
const removeButton = '<button type="button" class="secondary position-remove" data-part="remove">Remove</button>';

export const positionRows = {
  spot: `
<li class="position" data-kind="spot"><fieldset>
  <legend data-part="legend">ETH held</legend>
  <div class="field"><label data-for="quantity">Quantity <span class="unit">ETH</span></label><input data-part="quantity" inputmode="decimal" autocomplete="off"></div>
  ${removeButton}
</fieldset></li>`,
  perp: `
<li class="position" data-kind="perp"><fieldset>
  <legend data-part="legend">Perpetual future</legend>
  <div class="field"><label data-for="side">Side</label><select data-part="side"><option value="short">Short</option><option value="long">Long</option></select></div>
  <div class="field"><label data-for="quantity">Size <span class="unit">ETH</span></label><input data-part="quantity" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="entryPrice">Entry price <span class="unit">USD; empty: today's</span></label><input data-part="entryPrice" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="walletBalance">Margin <span class="unit">USD, isolated</span></label><input data-part="walletBalance" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="maintenanceMarginRate">Maintenance margin <span class="unit">% of the position</span></label><input data-part="maintenanceMarginRate" data-percent inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="fundingRate">Funding rate <span class="unit">% per 8 hours</span></label><input data-part="fundingRate" data-percent inputmode="decimal" autocomplete="off"></div>
  ${removeButton}
</fieldset></li>`,
  option: `
<li class="position" data-kind="option"><fieldset>
  <legend data-part="legend">Option</legend>
  <div class="field"><label data-for="kind">Type</label><select data-part="kind"><option value="put">Put</option><option value="call">Call</option></select></div>
  <div class="field"><label data-for="quantity">Quantity <span class="unit">ETH; minus: sold</span></label><input data-part="quantity" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="strike">Strike <span class="unit">USD</span></label><input data-part="strike" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="days">Expiry <span class="unit">days from today</span></label><input data-part="days" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="vol">Implied volatility <span class="unit">% a year; empty: the market's</span></label><input data-part="vol" data-percent inputmode="decimal" autocomplete="off"></div>
  ${removeButton}
</fieldset></li>`,
  loop: `
<li class="position" data-kind="loop"><fieldset>
  <legend data-part="legend">Leveraged loop</legend>
  <div class="field field-wide"><label data-for="scenario">Loop</label><select data-part="scenario"></select></div>
  <div class="field"><label data-for="equity">Your capital <span class="unit">ETH</span></label><input data-part="equity" inputmode="decimal" autocomplete="off"></div>
  <div class="field"><label data-for="loops">Loops <span class="unit">rounds</span></label><input data-part="loops" inputmode="numeric" autocomplete="off"></div>
  ${removeButton}
</fieldset></li>`,
};
