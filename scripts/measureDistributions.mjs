// The registry's distribution libraries against R on the grid of test/oracle/distributions.R, beside
// analyses/stats/distributions.ts, for docs/performance.md (issue 16). Not dependencies: install them
// in a folder of their own and name it:
//   mkdir /tmp/d && (cd /tmp/d && npm init -y && npm i jstat simple-statistics @stdlib/stats-base-dists-beta-quantile \
//     @stdlib/stats-base-dists-beta-cdf @stdlib/stats-base-dists-normal-cdf @stdlib/stats-base-dists-normal-quantile \
//     @stdlib/math-base-special-gammaln @stdlib/math-base-special-gammainc)
//   npm run build && node scripts/measureDistributions.mjs /tmp/d
// Prints, per function and library, the largest relative error over the grid (relative where R's value is
// at least 1e-290, as test/oracle/distributions.test.ts compares), how many values are off by more than
// 1e-10 and 1e-6, and the time per call.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(join(process.argv[2] ?? process.cwd(), 'package.json'));
const own = await import('../dist/analyses/stats/distributions.js');
const { jStat } = require('jstat');
const ss = require('simple-statistics');
const stdlib = {
  betaQuantile: require('@stdlib/stats-base-dists-beta-quantile'),
  betaCdf: require('@stdlib/stats-base-dists-beta-cdf'),
  normalCdf: require('@stdlib/stats-base-dists-normal-cdf'),
  normalQuantile: require('@stdlib/stats-base-dists-normal-quantile'),
  gammaln: require('@stdlib/math-base-special-gammaln'),
  gammainc: require('@stdlib/math-base-special-gammainc'),
};
const version = (name) => require(`${name}/package.json`).version;
const fixture = JSON.parse(readFileSync(new URL('../test/oracle/fixtures/distributions.json', import.meta.url), 'utf8'));

/** Each quantity: its rows, R's value of a row, and each library's way to compute it (its best route). */
const quantities = [
  {
    name: 'pchisq upper tail',
    rows: fixture.pchisqUpper,
    ref: (r) => r.p,
    libs: {
      ours: (r) => own.chiSquareUpperTail(r.q, r.df),
      // jStat has no upper tail: 1 - cdf
      jstat: (r) => 1 - jStat.chisquare.cdf(r.q, r.df),
      stdlib: (r) => stdlib.gammainc(r.q / 2, r.df / 2, true, true),
    },
  },
  {
    name: 'pnorm',
    rows: fixture.pnorm,
    ref: (r) => r.p,
    libs: {
      ours: (r) => own.normalCdf(r.z),
      jstat: (r) => jStat.normal.cdf(r.z, 0, 1),
      stdlib: (r) => stdlib.normalCdf(r.z, 0, 1),
      'simple-statistics': (r) => (1 + ss.errorFunction(r.z / Math.SQRT2)) / 2,
    },
  },
  {
    name: 'qnorm',
    rows: fixture.qnorm,
    ref: (r) => r.q,
    libs: {
      ours: (r) => own.normalQuantile(r.p),
      jstat: (r) => jStat.normal.inv(r.p, 0, 1),
      stdlib: (r) => stdlib.normalQuantile(r.p, 0, 1),
      'simple-statistics': (r) => ss.probit(r.p),
    },
  },
  {
    name: 'qbeta',
    rows: fixture.qbeta,
    ref: (r) => r.q,
    libs: {
      ours: (r) => own.betaQuantile(r.p, r.a, r.b),
      jstat: (r) => jStat.beta.inv(r.p, r.a, r.b),
      stdlib: (r) => stdlib.betaQuantile(r.p, r.a, r.b),
    },
  },
  {
    name: 'pbeta',
    rows: fixture.pbeta,
    ref: (r) => r.p,
    libs: {
      ours: (r) => own.betaCdf(r.x, r.a, r.b),
      jstat: (r) => jStat.beta.cdf(r.x, r.a, r.b),
      stdlib: (r) => stdlib.betaCdf(r.x, r.a, r.b),
    },
  },
  {
    name: 'lgamma',
    rows: fixture.lgamma,
    ref: (r) => r.lgamma,
    libs: { ours: (r) => own.logGammaFn(r.x), jstat: (r) => jStat.gammaln(r.x), stdlib: (r) => stdlib.gammaln(r.x) },
  },
  {
    name: 'pgamma lower',
    rows: fixture.pgamma,
    ref: (r) => r.lower,
    libs: { ours: (r) => own.lowerRegularizedGamma(r.a, r.x), jstat: (r) => jStat.lowRegGamma(r.a, r.x), stdlib: (r) => stdlib.gammainc(r.x, r.a) },
  },
  {
    name: 'pgamma upper',
    rows: fixture.pgamma,
    ref: (r) => r.upper,
    libs: { ours: (r) => own.upperRegularizedGamma(r.a, r.x), jstat: (r) => 1 - jStat.lowRegGamma(r.a, r.x), stdlib: (r) => stdlib.gammainc(r.x, r.a, true, true) },
  },
];

function relError(actual, expected) {
  if (!Number.isFinite(actual)) return Infinity;
  // as the test does: relative where R's value is at least 1e-290, absolute (1e-300) below
  if (Math.abs(expected) < 1e-290) return Math.abs(actual - expected) <= 1e-300 ? 0 : Infinity;
  // an exact zero (qnorm(0.5), lgamma(1), lgamma(2)): absolute, as the test compares lgamma where |lgamma| < 1
  if (expected === 0) return Math.abs(actual) <= 1e-15 ? 0 : Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

console.log(`libraries: jstat ${version('jstat')}, simple-statistics ${version('simple-statistics')}, @stdlib/stats-base-dists-beta-quantile ${version('@stdlib/stats-base-dists-beta-quantile')}; reference ${fixture.source}`);
const out = [];
for (const q of quantities) {
  for (const [lib, f] of Object.entries(q.libs)) {
    let worst = 0;
    let worstAt = null;
    let over10 = 0;
    let over6 = 0;
    for (const r of q.rows) {
      const e = relError(f(r), q.ref(r));
      if (e > 1e-10) over10++;
      if (e > 1e-6) over6++;
      if (e > worst) (worst = e), (worstAt = r);
    }
    // time: the grid 20 times after one warm pass
    let sink = 0;
    for (const r of q.rows) sink += f(r) || 0;
    const reps = 20;
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) for (const r of q.rows) sink += f(r) || 0;
    const ns = ((performance.now() - t0) * 1e6) / (reps * q.rows.length);
    out.push({ quantity: q.name, lib, values: q.rows.length, worstRelError: worst, worstAt, over1e10: over10, over1e6: over6, nsPerCall: Math.round(ns), sink: sink > 0 });
  }
}
for (const r of out) {
  console.log(
    `${r.quantity.padEnd(18)} ${r.lib.padEnd(18)} n=${String(r.values).padStart(5)} worst ${r.worstRelError === Infinity ? 'Inf' : r.worstRelError.toExponential(1)}  >1e-10: ${String(r.over1e10).padStart(4)}  >1e-6: ${String(r.over1e6).padStart(4)}  ${String(r.nsPerCall).padStart(7)} ns/call  worst at ${JSON.stringify(r.worstAt)}`,
  );
}
