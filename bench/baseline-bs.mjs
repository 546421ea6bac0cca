// The "what a developer would write" baseline for make bench: Black-Scholes
// in plain JavaScript with the textbook erf approximation (Abramowitz &
// Stegun 7.1.26, absolute error below 1.5e-7), no dividends. Theta per year
// (−∂V/∂T), vega per 1.00 of volatility, as restake-calc reports them.

/** erf(x), Abramowitz & Stegun 7.1.26. */
export function erf(x) {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

export const normCdf = (x) => 0.5 * (1 + erf(x / Math.SQRT2));
export const normPdf = (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Price and greeks of one option; `kind` 0 = call, 1 = put. */
export function blackScholes(kind, s, k, t, r, v) {
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r + 0.5 * v * v) * t) / (v * sqrtT);
  const d2 = d1 - v * sqrtT;
  const df = Math.exp(-r * t);
  const pdf = normPdf(d1);
  const gamma = pdf / (s * v * sqrtT);
  const vega = s * pdf * sqrtT;
  if (kind === 0) {
    const nd2 = normCdf(d2);
    return { price: s * normCdf(d1) - k * df * nd2, delta: normCdf(d1), gamma, vega, theta: -s * pdf * v / (2 * sqrtT) - r * k * df * nd2 };
  }
  const nmd2 = normCdf(-d2);
  return { price: k * df * nmd2 - s * normCdf(-d1), delta: normCdf(d1) - 1, gamma, vega, theta: -s * pdf * v / (2 * sqrtT) + r * k * df * nmd2 };
}

/** The same over columns (the shape of optionGreeksBatch), into Float64Arrays. */
export function greeksBatch({ kind, spot, strike, years, rate, vol }) {
  const n = kind.length;
  const out = { price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n), vega: new Float64Array(n), theta: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const g = blackScholes(kind[i], spot[i], strike[i], years[i], rate[i], vol[i]);
    out.price[i] = g.price;
    out.delta[i] = g.delta;
    out.gamma[i] = g.gamma;
    out.vega[i] = g.vega;
    out.theta[i] = g.theta;
  }
  return out;
}
