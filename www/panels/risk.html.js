// The risk panel's markup: static text only (no data is ever put into it;
// rows are cloned from the row templates and results are written with
// textContent by risk.js).
export default `
<h2 id="risk-title">Layers of risk</h2>
<p class="lede">Restaking piles protocols on top of plain ETH staking, and each of them can fail. Is the extra yield worth the extra layers? Give each layer a yearly chance of failing and the share of the position it would take; the calculator turns them into the yearly loss to expect and the yield left after it.</p>

<form id="risk-form" class="inputs risk-inputs" novalidate>
  <div class="preset-row">
    <label for="risk-preset">Start from a preset</label>
    <select id="risk-preset"></select>
    <p id="risk-preset-note" class="hint" aria-live="polite"></p>
  </div>

  <fieldset class="span-all">
    <legend>Layers</legend>
    <p class="hint" id="layers-hint"></p>
    <div class="edit-table-wrap">
      <table id="risk-layers" class="edit-table" aria-describedby="layers-hint">
        <caption class="visually-hidden">Risk layers (editable)</caption>
        <thead><tr>
          <th scope="col">Layer</th><th scope="col">Chance of failing <span class="unit">% a year</span></th><th scope="col">Loss if it fails <span class="unit">% of the position</span></th><th scope="col">Plain staking has it too</th><th scope="col"><span class="visually-hidden">Remove</span></th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <div class="add-row">
      <label for="add-layer">Add a layer</label>
      <div class="add-row-controls">
        <select id="add-layer"></select>
        <button type="button" id="add-layer-button">Add</button>
      </div>
    </div>
  </fieldset>

  <fieldset>
    <legend>Yields to compare</legend>
    <label class="check"><input type="checkbox" id="apr-from-loop" aria-describedby="apr-from-loop-hint"> Take the position's yield from the loop</label>
    <p id="apr-from-loop-hint" class="hint">The loop's net yield on your capital, as the loop panel computes it.</p>
    <div class="field">
      <label for="position-apr">Your position's yield <span class="unit">% a year</span></label>
      <input id="position-apr" data-field="apr" data-percent inputmode="decimal" autocomplete="off" aria-describedby="position-apr-hint">
      <p id="position-apr-hint" class="hint">The net yield of what you hold (after fees and borrowing costs).</p>
    </div>
    <div class="field">
      <label for="base-apr">Plain ETH staking yield <span class="unit">% a year</span></label>
      <input id="base-apr" data-field="baseApr" data-percent inputmode="decimal" autocomplete="off" aria-describedby="base-apr-hint">
      <p id="base-apr-hint" class="hint">The safer reference: staking without restaking or borrowing. Preset: the yield panel's plain-staking set after its 10 % fee.</p>
    </div>
  </fieldset>
  <p id="leverage-note" class="explain span-all" hidden></p>
  <p id="risk-form-error" class="error span-all" role="alert" hidden></p>
</form>

<div class="results" id="risk-results">
  <h3 id="risk-results-title">Results <span id="risk-stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></h3>
  <dl class="figures" aria-live="polite">
    <div><dt>Chance that some layer fails this year</dt><dd><output id="k-any">–</output><span class="sub" id="k-any-base"></span></dd></div>
    <div><dt>Expected loss</dt><dd><output id="k-loss">–</output><span class="sub" id="k-loss-base"></span></dd></div>
    <div><dt>Risk-adjusted yield</dt><dd><output id="k-adjusted">–</output><span class="sub" id="k-adjusted-base"></span></dd></div>
    <div><dt>Extra yield over plain staking</dt><dd><output id="k-premium">–</output><span class="sub" id="k-premium-after"></span></dd></div>
    <div><dt>Extra yield per unit of extra expected loss</dt><dd><output id="k-per-loss">–</output><span class="sub" id="k-per-loss-note"></span></dd></div>
  </dl>
  <p id="k-explainer" class="explain"></p>
</div>

<figure class="chart-figure">
  <figcaption id="tranche-caption">The tranche picture: yield before and after the expected loss, % a year, for plain staking (the senior position: fewer layers) and for your position (the junior one: it takes the first loss of every extra layer).</figcaption>
  <div id="tranche-chart" class="chart" role="img" aria-labelledby="tranche-caption" aria-describedby="tranche-summary"></div>
  <p id="tranche-summary" class="hint" aria-live="polite"></p>
</figure>

<details class="table-wrap">
  <summary>Each layer's share of the expected loss</summary>
  <table id="risk-breakdown">
    <caption class="visually-hidden">Each layer's expected loss alone and what it adds to the stack</caption>
    <thead><tr><th scope="col">Layer</th><th scope="col">Chance <span class="unit">%/yr</span></th><th scope="col">Loss if it fails <span class="unit">%</span></th><th scope="col">Expected loss alone <span class="unit">%/yr</span></th><th scope="col">Adds to the stack <span class="unit">%/yr</span></th></tr></thead>
    <tbody></tbody>
  </table>
</details>

<details class="subpanel">
  <summary>What one slashing costs</summary>
  <form id="slashing-form" class="inputs" novalidate>
    <fieldset>
      <legend>An Ethereum validator is slashed</legend>
      <div class="field">
        <label for="sl-balance">Validator balance <span class="unit">ETH, whole</span></label>
        <input id="sl-balance" data-field="ethereum.balance" inputmode="numeric" autocomplete="off">
      </div>
      <div class="field">
        <label for="sl-window">Slashed in the same 36 days <span class="unit">ETH, this one included</span></label>
        <input id="sl-window" data-field="ethereum.slashedInWindow" inputmode="decimal" autocomplete="off" aria-describedby="sl-window-hint">
        <p id="sl-window-hint" class="hint">The more validators are slashed together, the bigger the penalty (three times their share of all stake).</p>
      </div>
      <div class="field">
        <label for="sl-total">All ETH staked <span class="unit">ETH</span></label>
        <input id="sl-total" data-field="ethereum.totalStaked" inputmode="decimal" autocomplete="off">
      </div>
    </fieldset>
    <fieldset>
      <legend>An AVS slashes your operator on EigenLayer</legend>
      <div class="field">
        <label for="sl-stake">Your stake <span class="unit">tokens</span></label>
        <input id="sl-stake" data-field="eigenLayer.stake" inputmode="decimal" autocomplete="off">
      </div>
      <div class="field">
        <label for="sl-allocated">Operator's allocation to that AVS <span class="unit">magnitude</span></label>
        <input id="sl-allocated" data-field="eigenLayer.allocatedMagnitude" inputmode="decimal" autocomplete="off">
      </div>
      <div class="field">
        <label for="sl-total-magnitude">Operator's total <span class="unit">magnitude</span></label>
        <input id="sl-total-magnitude" data-field="eigenLayer.totalMagnitude" inputmode="decimal" autocomplete="off" aria-describedby="sl-magnitude-hint">
        <p id="sl-magnitude-hint" class="hint">The allocation divided by the total is the share of your stake that AVS can slash.</p>
      </div>
      <div class="field">
        <label for="sl-fraction">Share of the allocation slashed <span class="unit">%</span></label>
        <input id="sl-fraction" data-field="eigenLayer.slashedFraction" data-percent inputmode="decimal" autocomplete="off">
      </div>
    </fieldset>
    <p id="slashing-form-error" class="error span-all" role="alert" hidden></p>
  </form>
  <dl class="figures" aria-live="polite">
    <div><dt>Ethereum slashing</dt><dd><output id="s-eth">–</output><span class="sub" id="s-eth-split"></span></dd></div>
    <div><dt>AVS slash</dt><dd><output id="s-eigen">–</output><span class="sub" id="s-eigen-split"></span></dd></div>
    <div><dt>Both</dt><dd><output id="s-both">–</output><span class="sub">each takes its share of what the other left</span></dd></div>
  </dl>
  <p id="slashing-stale" class="stale" hidden>(last valid result — fix the highlighted input)</p>
</details>

<details class="subpanel">
  <summary>How concentrated restaking is</summary>
  <form id="shares-form" class="inputs" novalidate>
    <fieldset class="span-all">
      <legend>Shares of restaked capital</legend>
      <p class="hint" id="shares-hint"></p>
      <div class="edit-table-wrap">
        <table id="shares-table" class="edit-table compact" aria-describedby="shares-hint">
          <caption class="visually-hidden">Protocols and their shares (editable)</caption>
          <thead><tr><th scope="col">Protocol</th><th scope="col">Share <span class="unit">%</span></th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <div class="add-row"><button type="button" id="add-share" class="secondary">Add a protocol</button></div>
    </fieldset>
    <p id="shares-form-error" class="error span-all" role="alert" hidden></p>
  </form>
  <dl class="figures" aria-live="polite">
    <div><dt>Herfindahl–Hirschman index</dt><dd><output id="c-hhi">–</output><span class="sub" id="c-hhi-note"></span></dd></div>
    <div><dt>Effective number of protocols</dt><dd><output id="c-effective">–</output><span class="sub">equal-sized protocols with the same index</span></dd></div>
    <div><dt>Hit if the largest fails</dt><dd><output id="c-largest">–</output><span class="sub" id="c-largest-name"></span></dd></div>
  </dl>
  <p id="shares-stale" class="stale" hidden>(last valid result — fix the highlighted input)</p>
</details>

<details class="terms">
  <summary>The terms, in plain words</summary>
  <dl>
    <dt>Layer</dt><dd>One thing that must keep working for you to get your ETH back: Ethereum staking, the restaking contracts, the services that can slash, the token's issuer, the lending market.</dd>
    <dt>Chance of failing</dt><dd>How likely the layer is to cause a loss within a year. Nobody can measure this for an undiscovered bug: the presets are illustrative. Think of audits, years without incident and how much value the layer guards.</dd>
    <dt>Loss if it fails</dt><dd>The share of the position lost when it does. For a leveraged loop, a fall of the token's value costs your capital a multiple of it.</dd>
    <dt>Expected loss</dt><dd>Chance × loss, combined over the layers: each failing layer destroys its share of what the others left. The yearly cost of the risk, on average — not the worst case.</dd>
    <dt>Risk-adjusted yield</dt><dd>Yield minus the expected loss: what you keep on average, per year.</dd>
    <dt>Senior and junior</dt><dd>Plain staking carries fewer layers, so it is paid first and lost last (senior). Restaking and looping add layers that take the first loss (junior), and should pay for them.</dd>
    <dt>Extra yield per unit of extra expected loss</dt><dd>How many times the additional yield covers the additional expected loss. Above 1 the premium pays for the risk on average; it says nothing about the worst year.</dd>
    <dt>Herfindahl–Hirschman index (HHI)</dt><dd>The sum of the squared market shares, from 0 to 10,000. Above 1,800 a market is called highly concentrated: one failure would hit much of it.</dd>
  </dl>
</details>
`;

/** One editable row of the layers table (ids and data-field paths set by risk.js). */
export const layerRow = `
<tr>
  <td><div class="field"><label class="cell-label" data-for="label">Layer</label><input data-part="label" autocomplete="off"></div></td>
  <td class="num"><div class="field"><label class="cell-label" data-for="annualProbability">Chance of failing <span class="unit">% a year</span></label><input data-part="annualProbability" data-percent inputmode="decimal" autocomplete="off"></div></td>
  <td class="num"><div class="field"><label class="cell-label" data-for="lossGivenEvent">Loss if it fails <span class="unit">% of the position</span></label><input data-part="lossGivenEvent" data-percent inputmode="decimal" autocomplete="off"></div></td>
  <td class="cell-check"><label class="check"><input type="checkbox" data-part="base"> <span class="cell-label-inline">Plain staking has it too</span></label></td>
  <td class="row-remove"><button type="button" class="secondary" data-part="remove">Remove</button></td>
</tr>
`;

/** One editable row of the concentration table. */
export const shareRow = `
<tr>
  <td><div class="field"><label class="cell-label" data-for="label">Protocol</label><input data-part="label" autocomplete="off"></div></td>
  <td class="num"><div class="field"><label class="cell-label" data-for="share">Share <span class="unit">%</span></label><input data-part="share" data-percent inputmode="decimal" autocomplete="off"></div></td>
  <td class="row-remove"><button type="button" class="secondary" data-part="remove">Remove</button></td>
</tr>
`;
