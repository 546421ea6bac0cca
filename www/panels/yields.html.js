// The yield panel's markup: static text only (no data is ever put into it;
// rows are cloned from the row template and results are written with
// textContent by yields.js).
export default `
<h2 id="yields-title">Where the yield comes from</h2>
<p class="lede">A restaking token's advertised yield mixes two kinds of money: rewards paid out of real revenue (staking, fees paid by the services the stake secures) and incentives paid out of token emissions and points. Incentives shrink. This panel shows what is left, month by month, after fees.</p>

<form id="yields-form" class="inputs yields-inputs" novalidate>
  <div class="preset-row">
    <label for="yield-preset">Start from a preset</label>
    <select id="yield-preset"></select>
    <p id="yield-preset-note" class="hint" aria-live="polite"></p>
  </div>

  <fieldset class="span-all">
    <legend>Yield components</legend>
    <p class="hint" id="components-hint">Each source of yield on its own row. Fee: the share this source alone pays (an operator's commission). Decay: how its rate shrinks, and over how many months.</p>
    <div class="edit-table-wrap">
      <table id="yield-components" class="edit-table" aria-describedby="components-hint">
        <caption class="visually-hidden">Yield components (editable)</caption>
        <thead><tr>
          <th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Yield <span class="unit">% a year</span></th><th scope="col">Fee <span class="unit">%</span></th><th scope="col">Decay</th><th scope="col">Over <span class="unit">months</span></th><th scope="col"><span class="visually-hidden">Remove</span></th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <div class="add-row">
      <label for="add-component">Add a component</label>
      <div class="add-row-controls">
        <select id="add-component"></select>
        <button type="button" id="add-component-button">Add</button>
      </div>
    </div>
  </fieldset>

  <fieldset>
    <legend>Fees and time</legend>
    <div class="field">
      <label for="protocol-fee">Protocol fee <span class="unit">% of all rewards</span></label>
      <input id="protocol-fee" data-field="protocolFee" data-percent inputmode="decimal" autocomplete="off" aria-describedby="protocol-fee-hint">
      <p id="protocol-fee-hint" class="hint">What the token's issuer keeps of every component (10 % at ether.fi, Renzo and Kelp).</p>
    </div>
    <div class="field">
      <label for="horizon">Horizon <span class="unit">months</span></label>
      <input id="horizon" data-field="horizonMonths" inputmode="numeric" autocomplete="off" aria-describedby="horizon-hint">
      <p id="horizon-hint" class="hint">How far ahead to look; the averages are taken over this time.</p>
    </div>
  </fieldset>

  <fieldset>
    <legend>In your loop</legend>
    <label class="check"><input type="checkbox" id="yields-to-loop" aria-describedby="yields-to-loop-hint"> Use these yields in the loop</label>
    <p id="yields-to-loop-hint" class="hint">The loop's sustainable yield and incentives then come from this panel (after fees, now), and below you see what leverage makes of them as the incentives fade.</p>
  </fieldset>
  <p id="yields-form-error" class="error span-all" role="alert" hidden></p>
</form>

<div class="results" id="yields-results">
  <h3 id="yields-results-title">Results <span id="yields-stale" class="stale" hidden>(last valid result — fix the highlighted input)</span></h3>
  <dl class="figures" aria-live="polite">
    <div><dt>Net yield now</dt><dd><output id="y-now">–</output><span class="sub" id="y-gross"></span></dd></div>
    <div><dt>Sustainable part now</dt><dd><output id="y-sustainable">–</output><span class="sub" id="y-share"></span></dd></div>
    <div><dt>Incentives now</dt><dd><output id="y-incentive">–</output><span class="sub">token emissions and points, after fees</span></dd></div>
    <div><dt>At month 12</dt><dd><output id="y-month12">–</output><span class="sub" id="y-month12-split"></span></dd></div>
    <div><dt>Average over the horizon</dt><dd><output id="y-average">–</output><span class="sub" id="y-average-split"></span></dd></div>
  </dl>
  <p id="y-explainer" class="explain"></p>
</div>

<figure class="chart-figure">
  <figcaption id="yields-caption">Net yield over time, % a year, stacked: the sustainable part at the bottom, incentives on top. The dashed line is the sustainable floor — what is left when the incentives are gone.</figcaption>
  <div id="yields-chart" class="chart" role="img" aria-labelledby="yields-caption" aria-describedby="yields-chart-summary"></div>
  <p id="yields-chart-summary" class="hint" aria-live="polite"></p>
</figure>

<div id="loop-yields" class="linked" hidden>
  <h3 id="loop-yields-title">Your loop with these yields</h3>
  <p class="hint">Leverage multiplies the sustainable part and the incentives alike; the borrowing cost does not fade. Computed with the loop's own inputs and this panel's yields.</p>
  <dl class="figures" aria-live="polite">
    <div><dt>Loop net yield now</dt><dd><output id="ly-now">–</output><span class="sub" id="ly-now-split"></span></dd></div>
    <div><dt>Loop net yield at month 12</dt><dd><output id="ly-month12">–</output><span class="sub" id="ly-month12-split"></span></dd></div>
    <div><dt>Loop net yield, average over the horizon</dt><dd><output id="ly-average">–</output><span class="sub" id="ly-average-split"></span></dd></div>
  </dl>
  <p id="ly-note" class="hint"></p>
</div>

<details class="table-wrap">
  <summary>Each component: now and on average</summary>
  <table id="yield-breakdown">
    <caption class="visually-hidden">Each component's yield before fees, after fees now, and its average over the horizon</caption>
    <thead><tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Before fees <span class="unit">%/yr</span></th><th scope="col">After fees now <span class="unit">%/yr</span></th><th scope="col">Average <span class="unit">%/yr</span></th></tr></thead>
    <tbody></tbody>
  </table>
</details>

<details class="table-wrap">
  <summary>Where the preset numbers come from</summary>
  <ul id="yield-sources" class="sources"></ul>
</details>

<details class="terms">
  <summary>The terms, in plain words</summary>
  <dl>
    <dt>Sustainable yield</dt><dd>Paid out of real revenue: new ETH for validators, transaction tips and MEV, fees the services (AVSs) pay for security. It lasts as long as that revenue does.</dd>
    <dt>Incentive</dt><dd>Paid out of token emissions (EIGEN, an issuer's token) or points. A programme ends, a fixed emission is shared by more capital, a token's price falls: expect it to shrink.</dd>
    <dt>Fee</dt><dd>The share of one component someone else keeps, such as the node operator's commission on restaking rewards (10 % by default on EigenLayer).</dd>
    <dt>Protocol fee</dt><dd>The share of every component the token's issuer keeps. Net yield = yield × (1 − fee) × (1 − protocol fee).</dd>
    <dt>Decay</dt><dd><strong>None</strong>: the rate stays. <strong>Linear</strong>: falls in a straight line to zero over the months given. <strong>Half-life</strong>: halves every so many months. <strong>Cliff</strong>: paid in full, then stops at once (a points season that ends).</dd>
    <dt>Sustainable floor</dt><dd>The sustainable part alone: where the yield is heading once the incentives are gone.</dd>
    <dt>Average over the horizon</dt><dd>The yield you would have earned on average, per year, had you held for the whole horizon — the exact time average of the curves, not of the monthly points.</dd>
  </dl>
</details>
`;

/** One editable row of the components table. Ids, labels and data-field
 *  paths are set by yields.js for each row's position. */
export const componentRow = `
<tr>
  <td><div class="field"><label class="cell-label" data-for="label">Source</label><input data-part="label" autocomplete="off"></div></td>
  <td class="choice"><div class="field"><label class="cell-label" data-for="kind">Kind</label><select data-part="kind"><option value="sustainable">Sustainable</option><option value="incentive">Incentive</option></select></div></td>
  <td class="num"><div class="field"><label class="cell-label" data-for="apr">Yield <span class="unit">% a year</span></label><input data-part="apr" data-percent inputmode="decimal" autocomplete="off"></div></td>
  <td class="num"><div class="field"><label class="cell-label" data-for="fee">Fee <span class="unit">%</span></label><input data-part="fee" data-percent inputmode="decimal" autocomplete="off"></div></td>
  <td class="choice"><div class="field"><label class="cell-label" data-for="decay">Decay</label><select data-part="decay"><option value="none">None</option><option value="linear">Linear</option><option value="halfLife">Half-life</option><option value="cliff">Cliff</option></select></div></td>
  <td class="num"><div class="field"><label class="cell-label" data-for="months">Over <span class="unit">months</span></label><input data-part="months" inputmode="decimal" autocomplete="off"></div></td>
  <td class="row-remove"><button type="button" class="secondary" data-part="remove">Remove</button></td>
</tr>
`;
