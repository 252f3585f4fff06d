# Reference values for analyses/stats/distributions.ts: R's pchisq, pnorm, qnorm, qbeta and pbeta on a grid
# that covers the tails the statistics layer meets (p-values down to 1e-100, Clopper-Pearson beta shapes
# from 0.5 to 1e5). Run from this folder (npm run oracle) to rewrite fixtures/distributions.json.
#
# jsonlite writes at most 15 significant digits, so every input is first rounded to the 15-digit decimal
# that the fixture will hold (`r15`), and R evaluates at exactly that double: the JSON input and the
# double R used are then the same number, and only the outputs carry the <= 5e-15 relative rounding.
library(jsonlite)
r15 <- function(v) as.numeric(sprintf("%.15g", v))

# --- chi-square upper tail: pchisq(q, df, lower.tail = FALSE) ------------------------------------------
dfs <- c(1:10, 20, 50, 100)
qFixed <- c(1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.841458820694124, 4, 5,
            6, 7, 8, 9, 10, 12, 15, 18, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 150, 175, 200)
chisq <- list()
for (df in dfs) {
  # q values whose upper tail is 10^-k, k = 1..100, reach p-values far beyond q = 200 for large df
  qTail <- qchisq(10^-(1:100), df, lower.tail = FALSE)
  # q around the mean (where the series / continued-fraction switch sits: q/2 = df/2 + 1)
  qMid <- df * c(0.5, 0.9, 0.99, 1, 1.01, 1.1, 1.5, 2) + c(0, 0, 0, 0, 0, 0, 0, 0)
  for (q in r15(sort(unique(c(qFixed, qTail, qMid, df + 2))))) {
    chisq[[length(chisq) + 1]] <- list(q = q, df = df, p = pchisq(q, df, lower.tail = FALSE))
  }
}

# --- normal CDF pnorm(z), two-sided 2 * pnorm(-abs(z)) -------------------------------------------------
zs <- r15(sort(unique(c(seq(-38, 8, by = 0.25), -37.5, -30.123456789, -20.5, -12.3, -9.87654321, -5.5, -3.290526731491926,
                        -2.575829303548901, -1.959963984540054, -1.644853626951472, -1e-3, -1e-8, 0, 1e-8, 1e-3,
                        1.959963984540054, 3.7, 6.1))))
# jsonlite writes subnormal numbers (below 2.2e-308: pnorm(-38) = 2.9e-316) as 0, so logP = pnorm(z, log.p = TRUE)
# carries those values
pnormRows <- lapply(zs, function(z) list(z = z, p = pnorm(z), logP = pnorm(z, log.p = TRUE), twoSided = 2 * pnorm(-abs(z))))

# --- normal quantile qnorm(p), p in [1e-10, 1 - 1e-10] ------------------------------------------------
ps <- c(10^-(10:1), 2.5 * 10^-(10:2), 5 * 10^-(10:2), seq(0.05, 0.95, by = 0.05), 0.49, 0.499, 0.4999999, 0.5000001,
        0.501, 0.51, 0.975, 0.995, 0.9995)
ps <- r15(sort(unique(c(ps, 1 - ps[ps < 0.5]))))
qnormRows <- lapply(ps, function(p) list(p = p, q = qnorm(p)))

# --- beta quantile qbeta(p, a, b) and CDF pbeta(x, a, b) ------------------------------------------------
# Clopper-Pearson calls qbeta(alpha/2, x, n - x + 1) and qbeta(1 - alpha/2, x + 1, n - x): shapes are positive
# integers in practice; 0.5 (Jeffreys) and non-integers are included for generality.
shapes <- c(0.5, 1, 1.5, 2, 3, 5, 10, 25, 50, 100, 250, 1000, 1e4, 99991, 1e5)
pBeta <- c(1e-10, 1e-6, 0.0005, 0.005, 0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975, 0.995, 0.9995, 1 - 1e-6)
qbetaRows <- list()
pbetaRows <- list()
worstInverse <- 0
for (a in shapes) for (b in shapes) {
  for (p in r15(pBeta)) {
    q <- qbeta(p, a, b)
    # R's qbeta is checked by inverting it: |pbeta(q) - p| / (q * dbeta(q)) is its relative error in q
    worstInverse <- max(worstInverse, abs(pbeta(q, a, b) - p) / (q * dbeta(q, a, b)))
    qbetaRows[[length(qbetaRows) + 1]] <- list(p = p, a = a, b = b, q = q)
  }
  # pbeta at the quantiles above (rounded), at the mode/mean, and at fixed points
  xs <- c(sapply(pBeta, function(p) qbeta(p, a, b)), a / (a + b), c(1e-12, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999))
  for (x in r15(sort(unique(xs[xs > 0 & xs < 1])))) {
    row <- list(x = x, a = a, b = b, p = pbeta(x, a, b))
    # subnormal p is written as 0; R's log.p (where it does not underflow to -Inf itself) keeps it
    if (row$p < 1e-290) {
      logP <- suppressWarnings(pbeta(x, a, b, log.p = TRUE))
      if (is.finite(logP)) row$logP <- logP
    }
    pbetaRows[[length(pbetaRows) + 1]] <- row
  }
}
# --- lgamma and the regularized incomplete gamma P(a, x), Q(a, x) for non-chi-square shapes ---------------
lgammaRows <- lapply(r15(c(1e-8, 0.1, 0.5, 0.9, 1, 1.5, 2, 2.5, 3, 7.3, 9.99, 10, 10.5, 50, 100, 1000, 99991, 1e7, 1e10)),
                     function(x) list(x = x, lgamma = lgamma(x)))
gammaRows <- list()
for (a in r15(c(0.1, 0.5, 1.7, 3, 12.5, 100, 1000))) {
  for (x in r15(a * c(1e-6, 0.01, 0.3, 0.9, 1, 1.1, 2, 5, 20))) {
    gammaRows[[length(gammaRows) + 1]] <- list(a = a, x = x, lower = pgamma(x, a), upper = pgamma(x, a, lower.tail = FALSE))
  }
}

if (worstInverse > 1e-12) stop("R qbeta is less accurate than 1e-12 relative on this grid: ", worstInverse)

writeLines(toJSON(list(source = paste("R", getRversion(), "stats::pchisq, pnorm, qnorm, qbeta, pbeta"),
                       qbetaSelfCheck = worstInverse,
                       pchisqUpper = chisq, pnorm = pnormRows, qnorm = qnormRows, qbeta = qbetaRows, pbeta = pbetaRows,
                       lgamma = lgammaRows, pgamma = gammaRows),
                  digits = NA, auto_unbox = TRUE),
           "fixtures/distributions.json")
