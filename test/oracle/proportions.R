# Reference values for the rate comparisons of 2x2 and 2x2xK tables:
#   analyses/stats/wilson.ts            stats::prop.test(x, n, correct = FALSE)$conf.int
#   analyses/stats/exactOddsRatio.ts    sample odds ratio; exact conditional (Cornfield) limits, see below;
#                                       stats::fisher.test p-value (and its limits, for information)
#   analyses/stats/cmhTest.ts           stats::mantelhaen.test(correct = FALSE / TRUE) statistic and p-value
#   analyses/stats/mantelHaenszelOR.ts  stats::mantelhaen.test()$estimate and $conf.int (exact = FALSE)
#   analyses/stats/riskDifference.ts    Miettinen-Nurminen score limits, own implementation below
# Run from this folder (npm run oracle) to rewrite fixtures/proportions.json.
#
# Table convention: a stratum is (x1, n1, x0, n0) = responders and total in the experimental arm (1) and the
# control arm (0); in R's layout the 2x2 slice is rbind(c(x1, n1 - x1), c(x0, n0 - x0)), so the odds ratio
# and the risk difference are arm 1 vs arm 0.
library(jsonlite)

# ---------------------------------------------------------------------------------------------------------
# Exact conditional odds-ratio limits to full precision.
# fisher.test solves the tail equations with uniroot's default tolerance (~1e-4 on the odds-ratio scale), so
# its limits are only good to about 4 digits (e.g. 4.561 where the precise limit is 4.562). Here the same
# tail probabilities (noncentral hypergeometric, computed on the log scale exactly as fisher.test does) are
# solved in theta = log(odds ratio) with uniroot(tol = 1e-13) on a bracket that is widened until it holds a
# sign change, so the limits are accurate to ~1e-13 relative.
exact_or_limits <- function(x1, n1, x0, n0, level) {
  m <- x1 + x0                      # responders (first column)
  lo <- max(0, m - n0); hi <- min(n1, m)
  support <- lo:hi
  logdc <- dhyper(support, m, n1 + n0 - m, n1, log = TRUE)
  upper_tail <- function(theta) {   # P(X >= x1; psi = exp(theta))
    d <- logdc + theta * support
    d <- exp(d - max(d))
    sum(d[support >= x1]) / sum(d)
  }
  lower_tail <- function(theta) {   # P(X <= x1; psi = exp(theta))
    d <- logdc + theta * support
    d <- exp(d - max(d))
    sum(d[support <= x1]) / sum(d)
  }
  alpha <- (1 - level) / 2
  solve_increasing <- function(f) { # root of an increasing function of theta
    a <- -1; b <- 1
    while (f(a) > 0) a <- 2 * a
    while (f(b) < 0) b <- 2 * b
    uniroot(f, c(a, b), tol = 1e-13, maxiter = 10000)$root
  }
  lower <- if (x1 == lo) 0 else exp(solve_increasing(function(t) upper_tail(t) - alpha))
  upper <- if (x1 == hi) Inf else exp(solve_increasing(function(t) alpha - lower_tail(t)))
  c(lower, upper)
}

sample_or <- function(x1, n1, x0, n0) {
  num <- x1 * (n0 - x0); den <- x0 * (n1 - x1)
  if (num == 0 && den == 0) NaN else if (den == 0) Inf else num / den
}

# ---------------------------------------------------------------------------------------------------------
# Miettinen-Nurminen score limits for the risk difference p1 - p0, own implementation from the published
# formulas (no R package for it is installable here: the Debian archive has none of ratesci, PropCIs,
# DescTools, exact2x2; epiR's score interval is a different, 1e-7-tolerance Mee-type search).
# Miettinen & Nurminen, Stat Med 1985;4:213-226: per stratum k the score statistic uses the variance under
# the restriction p1 - p0 = delta,
#   V_k(delta) = (p1~(1 - p1~)/n1 + p0~(1 - p0~)/n0) * N_k / (N_k - 1),
# with the restricted MLE from the closed-form cubic solution (Farrington & Manning, Stat Med 1990;9:1447,
# as printed in Miettinen & Nurminen's appendix). Stratified: weights w_k = n1 n0 / (n1 + n0) (the CMH /
# Mantel-Haenszel weights), Z(delta) = sum w_k (d_k - delta) / sqrt(sum w_k^2 V_k(delta)); the limits solve
# Z = +-z_{1-alpha/2}. A stratum missing an arm has weight 0 and drops out.
# Cross-checks of this code against published values are in check_mn() at the end.
restricted_mle <- function(x1, n1, x0, n0, delta) {
  N <- n1 + n0; M <- x1 + x0
  L3 <- N
  L2 <- (n1 + 2 * n0) * delta - N - M
  L1 <- (n0 * delta - N - 2 * x0) * delta + M
  L0 <- x0 * delta * (1 - delta)
  q <- L2^3 / (3 * L3)^3 - L1 * L2 / (6 * L3^2) + L0 / (2 * L3)
  p <- sign(q) * sqrt(max(0, L2^2 / (3 * L3)^2 - L1 / (3 * L3)))
  ratio <- if (p == 0) 0 else max(-1, min(1, q / p^3))
  a <- (pi + acos(ratio)) / 3
  low <- max(0, -delta); high <- min(1, 1 - delta)
  p0 <- max(low, min(high, 2 * p * cos(a) - L2 / (3 * L3)))
  # acos() is ill-conditioned when two roots nearly coincide (rare events: 1/99991 vs 0/99991 loses ~8
  # digits); Newton steps on the cubic, kept while admissible and reducing |f|, restore full precision.
  cubic <- function(t) ((L3 * t + L2) * t + L1) * t + L0
  f <- cubic(p0)
  for (iter in 1:4) {
    if (f == 0) break
    nxt <- p0 - f / ((3 * L3 * p0 + 2 * L2) * p0 + L1)
    if (!(nxt >= low && nxt <= high)) break
    f_nxt <- cubic(nxt)
    if (!(abs(f_nxt) < abs(f))) break
    p0 <- nxt; f <- f_nxt
  }
  p1 <- max(0, min(1, p0 + delta))
  c(p1, p0)
}
mn_z <- function(tab, delta, correction = TRUE) {
  num <- 0; v <- 0
  for (k in seq_len(nrow(tab))) {
    x1 <- tab[k, 1]; n1 <- tab[k, 2]; x0 <- tab[k, 3]; n0 <- tab[k, 4]
    if (n1 == 0 || n0 == 0) next
    w <- n1 * n0 / (n1 + n0)
    p <- restricted_mle(x1, n1, x0, n0, delta)
    vk <- (p[1] * (1 - p[1]) / n1 + p[2] * (1 - p[2]) / n0) * (if (correction) (n1 + n0) / (n1 + n0 - 1) else 1)
    num <- num + w * (x1 / n1 - x0 / n0 - delta); v <- v + w^2 * vk
  }
  if (num == 0) 0 else num / sqrt(v)
}
mn_ci <- function(tab, level, correction = TRUE) {
  tab <- matrix(tab, ncol = 4)
  tab <- tab[tab[, 2] > 0 & tab[, 4] > 0, , drop = FALSE]
  if (nrow(tab) == 0) return(c(NaN, NaN, NaN))
  w <- tab[, 2] * tab[, 4] / (tab[, 2] + tab[, 4])
  d <- sum(w * (tab[, 1] / tab[, 2] - tab[, 3] / tab[, 4])) / sum(w)
  z <- qnorm(1 - (1 - level) / 2)
  # Z is +Inf at delta = -1 and -Inf at delta = 1 (zero restricted variance); the brackets stop 1e-15 short.
  # tol = 1e-16: uniroot then stops at its floor 4 eps |delta|, full precision also for limits near 0.
  lo <- if (d <= -1) -1 else uniroot(function(t) mn_z(tab, t, correction) - z, c(-1 + 1e-15, d),
                                     tol = 1e-16, maxiter = 10000)$root
  hi <- if (d >= 1) 1 else uniroot(function(t) mn_z(tab, t, correction) + z, c(d, 1 - 1e-15),
                                   tol = 1e-16, maxiter = 10000)$root
  c(d, lo, hi)
}

# ---------------------------------------------------------------------------------------------------------
# Mantel-Haenszel. R refuses strata with fewer than 2 subjects ("sample size in each stratum must be > 1"),
# and a single 2x2 table (each dimension must be >= 2). Such strata contribute exactly nothing to the CMH
# statistic, the MH estimate and the RBG variance, so they are removed before calling R (the TypeScript
# functions drop them and count them). For K = 1 a neutral stratum is appended: one arm only, rbind(c(0, 0),
# c(1, 1)); every term of DELTA, the CMH variance, the MH sums and the RBG variance has a factor from the
# empty arm, so it changes nothing (the test also exercises the one-arm-stratum path this way).
mh <- function(tab, level) {
  tab <- matrix(tab, ncol = 4)
  keep <- tab[, 2] + tab[, 4] >= 2
  used <- tab[keep, , drop = FALSE]
  slices <- lapply(seq_len(nrow(used)), function(k) rbind(c(used[k, 1], used[k, 2] - used[k, 1]),
                                                           c(used[k, 3], used[k, 4] - used[k, 3])))
  if (length(slices) == 1) slices[[2]] <- rbind(c(0, 0), c(1, 1))
  arr <- array(unlist(slices), dim = c(2, 2, length(slices)))
  r0 <- mantelhaen.test(arr, correct = FALSE, conf.level = level)
  r1 <- mantelhaen.test(arr, correct = TRUE, conf.level = level)
  list(dropped = sum(!keep),
       statistic = unname(r0$statistic), p = r0$p.value,
       statisticCorrect = unname(r1$statistic), pCorrect = r1$p.value,
       estimate = unname(r0$estimate), lower = r0$conf.int[1], upper = r0$conf.int[2])
}

as_rows <- function(tab) lapply(seq_len(nrow(tab)), function(k) list(x1 = tab[k, 1], n1 = tab[k, 2],
                                                                       x0 = tab[k, 3], n0 = tab[k, 4]))

# ---------------------------------------------------------------------------------------------------------
# Single 2x2 tables: (x1, n1, x0, n0)
tables <- rbind(
  c(93, 154, 54, 153), c(49, 154, 13, 153),            # isatuximab label, ICARIA-MM table 8
  c(147, 265, 74, 181), c(198, 265, 116, 181),         # IMROZ MRD-negative CR, >= CR
  c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7),   # Newcombe 1998 (eleven methods) examples
  c(5, 56, 0, 29), c(0, 10, 0, 20), c(0, 10, 0, 10), c(10, 10, 0, 20), c(10, 10, 10, 10),
  c(0, 16, 15, 72), c(7, 34, 1, 34), c(9, 13, 4, 14),  # Fagerland, Lydersen & Laake 2017 ch. 4 examples
  c(0, 20, 5, 20), c(20, 20, 5, 20), c(5, 20, 0, 20), c(5, 20, 20, 20), # zero cells, x = 0 / x = n
  c(0, 5, 5, 5), c(5, 5, 0, 5), c(3, 3, 3, 3), c(0, 8, 8, 8), c(7, 9, 9, 9),
  c(1, 1, 0, 1), c(0, 1, 1, 1), c(1, 2, 1, 2), c(1, 3, 2, 4), c(2, 3, 0, 2), c(1, 1, 1, 2), # small n
  c(4321, 10000, 3999, 10000), c(512, 99991, 470, 100003), c(1, 99991, 0, 99991),           # large n
  c(60000, 100000, 59000, 100000), c(3, 2000, 11, 1500)
)
set.seed(20240611)
for (i in 1:20) {
  n1 <- sample(1:60, 1); n0 <- sample(1:60, 1)
  tables <- rbind(tables, c(rbinom(1, n1, runif(1)), n1, rbinom(1, n0, runif(1)), n0))
}

table_cases <- list()
for (level in c(0.95, 0.90)) {
  for (i in seq_len(nrow(tables))) {
    x1 <- tables[i, 1]; n1 <- tables[i, 2]; x0 <- tables[i, 3]; n0 <- tables[i, 4]
    w1 <- suppressWarnings(prop.test(x1, n1, correct = FALSE, conf.level = level))$conf.int
    w0 <- suppressWarnings(prop.test(x0, n0, correct = FALSE, conf.level = level))$conf.int
    ft <- fisher.test(rbind(c(x1, n1 - x1), c(x0, n0 - x0)), conf.level = level)
    ex <- exact_or_limits(x1, n1, x0, n0, level)
    mn <- mn_ci(c(x1, n1, x0, n0), level)
    mee <- mn_ci(c(x1, n1, x0, n0), level, correction = FALSE)
    m <- mh(c(x1, n1, x0, n0), level)
    table_cases[[length(table_cases) + 1]] <- list(
      x1 = x1, n1 = n1, x0 = x0, n0 = n0, level = level,
      wilson1 = list(lower = w1[1], upper = w1[2]), wilson0 = list(lower = w0[1], upper = w0[2]),
      oddsRatio = sample_or(x1, n1, x0, n0), exactLower = ex[1], exactUpper = ex[2],
      fisherP = ft$p.value, fisherLower = ft$conf.int[1], fisherUpper = ft$conf.int[2],
      rd = mn[1], mnLower = mn[2], mnUpper = mn[3], meeLower = mee[2], meeUpper = mee[3],
      cmh = m)
  }
}

# ---------------------------------------------------------------------------------------------------------
# Random 2x2xK tables, K = 1..6; designated sets carry a single-subject stratum (R refuses it: removed before
# mantelhaen.test, see mh()) and a stratum with only one arm (weight 0 in the risk difference).
strata_sets <- list()
for (K in 1:6) {
  for (rep in 1:8) {
    tab <- t(sapply(1:K, function(k) {
      n1 <- sample(2:50, 1); n0 <- sample(2:50, 1)
      p0 <- runif(1, 0.05, 0.9); p1 <- max(0.02, min(0.97, p0 + runif(1, -0.1, 0.3)))
      c(rbinom(1, n1, p1), n1, rbinom(1, n0, p0), n0)
    }))
    tab <- matrix(tab, ncol = 4)
    if (K >= 2 && rep == 1) tab[K, ] <- c(1, 1, 0, 0)             # single subject (arm 1, responder)
    if (K >= 2 && rep == 2) tab[1, ] <- c(0, 0, 4, 7)             # control arm only
    if (K >= 3 && rep == 3) { tab[1, ] <- c(0, 1, 0, 0); tab[2, ] <- c(3, 5, 0, 0) } # both kinds
    strata_sets[[length(strata_sets) + 1]] <- tab
  }
}
# hand-made sets: zero off-diagonal (MH estimate Inf), zero diagonal (0), sparse strata, cicalc-style example
strata_sets <- c(strata_sets, list(
  rbind(c(5, 5, 0, 4), c(3, 3, 0, 6)),
  rbind(c(0, 5, 4, 4), c(0, 3, 6, 6)),
  rbind(c(1, 2, 0, 2), c(0, 2, 1, 2), c(2, 2, 1, 2)),
  rbind(c(7, 10, 5, 10), c(5, 10, 4, 10)),
  rbind(c(93, 154, 54, 153), c(49, 154, 13, 153)),
  rbind(c(0, 10, 0, 12), c(0, 8, 0, 9))
))

strata_cases <- list()
for (level in c(0.95, 0.90)) {
  for (tab in strata_sets) {
    mn <- mn_ci(tab, level)
    strata_cases[[length(strata_cases) + 1]] <- list(
      level = level, strata = as_rows(tab), cmh = mh(tab, level),
      rd = mn[1], mnLower = mn[2], mnUpper = mn[3])
  }
}

# ---------------------------------------------------------------------------------------------------------
# check_mn(): the Miettinen-Nurminen code above reproduces published values (4 decimals):
#   Newcombe, Stat Med 1998;17:873-890, worked examples, method 6 (score, Miettinen-Nurminen):
#     56/70 - 48/80: 0.0528 to 0.3382;  9/10 - 3/10: 0.1700 to 0.8406;  10/10 - 0/20: 0.7156 to 1
#   Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 4,
#     Ritland et al. 0/16 - 15/72: MN -0.3164 to -0.0056; Perondi et al. 7/34 - 1/34: Mee (no N/(N-1))
#     0.0284 to 0.3439
# and the restricted MLE agrees with a direct numerical maximisation of the restricted likelihood.
check_mn <- function() {
  r4 <- function(v) round(v, 4)
  stopifnot(
    identical(r4(mn_ci(c(56, 70, 48, 80), 0.95)[2:3]), c(0.0528, 0.3382)),
    identical(r4(mn_ci(c(9, 10, 3, 10), 0.95)[2:3]), c(0.1700, 0.8406)),
    identical(r4(mn_ci(c(10, 10, 0, 20), 0.95)[2:3]), c(0.7156, 1)),
    identical(r4(mn_ci(c(0, 16, 15, 72), 0.95)[2:3]), c(-0.3164, -0.0056)),
    identical(r4(mn_ci(c(7, 34, 1, 34), 0.95, correction = FALSE)[2:3]), c(0.0284, 0.3439)))
  for (t in list(c(56, 70, 48, 80, 0.1), c(9, 10, 3, 10, -0.3), c(0, 16, 15, 72, 0.05), c(3, 10, 3, 10, 0.4))) {
    ll <- function(p0) dbinom(t[1], t[2], p0 + t[5], log = TRUE) + dbinom(t[3], t[4], p0, log = TRUE)
    num <- optimize(ll, c(max(0, -t[5]), min(1, 1 - t[5])), maximum = TRUE, tol = 1e-12)$maximum
    stopifnot(abs(restricted_mle(t[1], t[2], t[3], t[4], t[5])[2] - num) < 1e-8)
  }
  # exact conditional limits printed in the isatuximab label (ICARIA-MM table 8), where fisher.test's
  # uniroot gives 4.561 and 10.587
  stopifnot(identical(round(exact_or_limits(93, 154, 54, 153, 0.95), 3), c(1.715, 4.562)),
            identical(round(exact_or_limits(49, 154, 13, 153, 0.95), 3), c(2.514, 10.586)))
}
check_mn()

writeLines(toJSON(list(source = paste("R", getRversion(), "stats::prop.test, fisher.test, mantelhaen.test;",
                                      "exact OR limits and Miettinen-Nurminen limits computed in proportions.R"),
                       tables = table_cases, strata = strata_cases),
                  digits = I(17), auto_unbox = TRUE, pretty = TRUE),
           "fixtures/proportions.json")
