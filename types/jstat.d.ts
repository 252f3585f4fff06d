// jStat ships no type declarations (and @types/jstat does not exist); declare the few functions the
// statistics layer uses. Keep this list minimal: analyses/stats/distributions.ts is the only importer.
declare module 'jstat' {
  interface JStatStatic {
    beta: { inv(p: number, a: number, b: number): number; cdf(x: number, a: number, b: number): number };
    normal: { inv(p: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number };
    chisquare: { cdf(x: number, df: number): number };
    gammaln(x: number): number;
    betafn(a: number, b: number): number;
    ibeta(x: number, a: number, b: number): number;
    ibetainv(p: number, a: number, b: number): number;
    lowRegGamma(a: number, x: number): number;
  }
  const pkg: { jStat: JStatStatic };
  export default pkg;
}
