// The demo article's own script: it listens to the element's `change` event
// and writes a sentence about the loop — how an article's text can follow the
// calculator. (Formatting only: the numbers come from the element.)
const calc = document.getElementById('main-calc');
const sentence = document.getElementById('live-sentence');
const pct = (x) => `${(x * 100).toFixed(1)} %`;

calc.addEventListener('change', (event) => {
  const { panel, result } = event.detail;
  if (panel !== 'loop' || !result) return;
  sentence.textContent = result.liquidationDrop == null
    ? 'Without debt, this position cannot be liquidated.'
    : `At ${result.leverage.toFixed(2)}× leverage this loop earns ${pct(result.apr.net)} a year on your capital, and a ${pct(result.liquidationDrop)} fall of the price its market reads would liquidate it.`;
});
