// The panels mounted after the loop's first result, behind one import: the
// site ships them as one file (scripts/build-site.mjs bundles this module),
// which gzip compresses better than five panels and their markup apart.
export { mountDepegPanel } from './depeg.js';
export { mountProbabilityPanel } from './probability.js';
export { mountYieldsPanel } from './yields.js';
export { mountRiskPanel } from './risk.js';
export { mountPortfolioPanel } from './portfolio.js';
