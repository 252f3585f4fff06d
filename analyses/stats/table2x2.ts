/**
 * One 2x2 table (or one stratum of a 2x2xK table) of a two-arm comparison: responders x and subjects n
 * in the experimental arm (1) and the control arm (0). Odds ratios and risk differences are arm 1 vs 0.
 */
export interface Table2x2 {
  x1: number;
  n1: number;
  x0: number;
  n0: number;
}
