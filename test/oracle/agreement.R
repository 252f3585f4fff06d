# Reference values for the paired NGF-vs-NGS agreement statistics: analyses/stats/percentAgreement.ts,
# cohensKappa.ts and mcnemarTest.ts. Run from this folder (npm run oracle) to rewrite fixtures/agreement.json.
#
# Table layout (rows NGF, columns NGS; "positive" = MRD-positive):
#                NGS negative  NGS positive
#   NGF negative      a             b
#   NGF positive      c             d
#
# - percent agreement: overall (a + d) / n, PPA and NPA against a comparator method, each with the Clopper-Pearson
#   interval of stats::binom.test;
# - kappa: the SAS PROC FREQ (AGREE) formulas written out below (Fleiss, Cohen & Everitt 1969 ASE; ASE under H0;
#   Wald limits), cross-checked against vcd::Kappa (value and ASE: the same Fleiss-Cohen-Everitt variance, written
#   as a weighted-kappa formula with identity weights; Debian package r-cran-vcd, used when installed, and the
#   fixture's source field says whether it was) and, for the test under H0, against Pearson's chi-square (for a
#   2 x 2 table Z^2 = X^2, an identity of the SAS ASE0 formula);
# - McNemar: stats::mcnemar.test with correct = FALSE (SAS AGREE) and TRUE (R default), and the exact test
#   stats::binom.test(b, b + c)$p.value.
# R's NaN/NA (n = 0, no discordant pairs, undefined kappa) are written as null.
library(jsonlite)
hasVcd <- requireNamespace("vcd", quietly = TRUE)
if (!hasVcd) message("vcd not installed (apt-get install r-cran-vcd): kappa is not cross-checked against vcd::Kappa")

tables <- list(
  # typical concordance studies
  c(40, 5, 3, 52), c(74, 8, 3, 39), c(112, 14, 9, 65), c(18, 2, 6, 24), c(250, 17, 11, 122),
  # perfect agreement, and agreement in a single cell (kappa undefined: Pe = 1)
  c(30, 0, 0, 20), c(50, 0, 0, 0), c(0, 0, 0, 50),
  # no agreement at all (kappa = -1 when b = c)
  c(0, 10, 15, 0), c(0, 7, 7, 0),
  # zeros in single cells
  c(10, 0, 5, 20), c(10, 5, 0, 20), c(0, 3, 4, 10), c(12, 3, 4, 0),
  # one method constant (kappa = 0 with a null ASE0: no test)
  c(30, 10, 0, 0), c(0, 10, 0, 25),
  # a single discordant pair; tiny tables; the empty table
  c(20, 1, 0, 30), c(5, 0, 1, 5), c(1, 1, 1, 1), c(1, 0, 0, 1), c(0, 1, 0, 0), c(0, 0, 0, 0),
  # large counts, including near-perfect agreement
  c(250000, 1200, 900, 180000), c(1e6, 3, 1, 1e6), c(123456, 654, 321, 98765), c(5e6, 2000, 2600, 1e6)
)
set.seed(20240607)
for (i in 1:10) {
  prev <- runif(1, 0.1, 0.7)
  n <- sample(c(20, 60, 150, 400, 2000), 1)
  tables[[length(tables) + 1]] <- as.numeric(rmultinom(1, n, c((1 - prev) * 0.9, prev * 0.08, prev * 0.05 + 0.02, prev * 0.87)))
}

na2null <- function(v) if (length(v) == 0 || is.na(v) || is.nan(v)) NULL else unname(v)

cpInterval <- function(x, n, level) {
  if (n == 0) return(list(x = x, n = n, rate = NULL, lower = NULL, upper = NULL))
  ci <- binom.test(x, n, conf.level = level)$conf.int
  list(x = x, n = n, rate = x / n, lower = ci[1], upper = ci[2])
}

# SAS PROC FREQ AGREE simple kappa, written from the documented formulas:
#   kappa = (Po - Pe) / (1 - Pe), Po = sum p_ii, Pe = sum p_i. p_.i
#   ASE   = sqrt(A + B - C) / ((1 - Pe) sqrt(n)),
#           A = sum_i p_ii [1 - (p_i. + p_.i)(1 - kappa)]^2,
#           B = (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2,   C = [kappa - Pe (1 - kappa)]^2
#   limits = kappa -+ z_{1 - alpha/2} ASE
#   ASE0  = sqrt(Pe + Pe^2 - sum_i p_i. p_.i (p_i. + p_.i)) / ((1 - Pe) sqrt(n)),  Z = kappa / ASE0,
#   two-sided Pr > |Z|; one-sided Pr > Z when Z > 0, Pr < Z otherwise.
# A + B - C is a variance written as E[u^2] - E[u]^2 with u_ij = 1{i = j} - (p_.i + p_j.)(1 - kappa) and
# E[u] = kappa - Pe (1 - kappa); likewise the ASE0 radicand is sum_ij p_i. p_.j (1{i = j} - p_.i - p_j. + Pe)^2
# (E[u] = -Pe there). Taking the difference of the two large terms loses digits: a table whose true ASE is 0
# (NGS all positive, c(0, 10, 0, 25)) gives 8.8e-9 instead of 0, and near-perfect agreement in 2e6 samples
# gives ASE to ~1e-11 only. So the fixture holds the centred sums sum p (u - E[u])^2, evaluated term by term
# (no cancellation), and the script stops unless the literal formulas agree with them to 1e-14 absolute on the
# variance scale (A + B - C) and vcd::Kappa agrees as well.
sasKappa <- function(x, level) {
  n <- sum(x)
  if (n == 0) return(NULL)
  p <- x / n
  row <- rowSums(p)
  col <- colSums(p)
  po <- sum(diag(p))
  pe <- sum(row * col)
  if (pe == 1) return(list(po = po, pe = pe))
  k <- (po - pe) / (1 - pe)
  # literal SAS radicands
  A <- sum(diag(p) * (1 - (row + col) * (1 - k))^2)
  B <- 0
  for (i in 1:2) for (j in 1:2) if (i != j) B <- B + p[i, j] * (col[i] + row[j])^2
  B <- (1 - k)^2 * B
  C <- (k - pe * (1 - k))^2
  literal <- A + B - C
  literal0 <- pe + pe^2 - sum(row * col * (row + col))
  # the same radicands as centred sums
  u <- outer(1:2, 1:2, function(i, j) (i == j) - (col[i] + row[j]) * (1 - k))
  centred <- sum(p * (u - (k - pe * (1 - k)))^2)
  u0 <- outer(1:2, 1:2, function(i, j) (i == j) - col[i] - row[j] + pe)
  centred0 <- sum(outer(row, col) * u0^2)
  if (abs(literal - centred) > 1e-14 || abs(literal0 - centred0) > 1e-14) stop("centred sums differ from SAS formulas")
  ase <- sqrt(centred) / ((1 - pe) * sqrt(n))
  ase0 <- sqrt(centred0) / ((1 - pe) * sqrt(n))
  v <- if (hasVcd) vcd::Kappa(x)$Unweighted else c(value = k, ASE = sqrt(centred) / ((1 - pe) * sqrt(n)))
  if (abs(v[["value"]] - k) > 1e-14 || abs(v[["ASE"]]^2 - ase^2) * (1 - pe)^2 * n > 1e-14) {
    stop("vcd::Kappa differs: ", paste(c(x, v, k, ase), collapse = " "))
  }
  zq <- qnorm(1 - (1 - level) / 2)
  z <- if (ase0 > 0) k / ase0 else NA
  list(po = po, pe = pe, kappa = k, ase = ase, lower = k - zq * ase, upper = k + zq * ase, level = level,
       ase0 = ase0, z = z, p = 2 * pnorm(-abs(z)),
       pOneSided = if (is.na(z)) NA else if (z > 0) pnorm(z, lower.tail = FALSE) else pnorm(z),
       literalVariance = literal, literalVariance0 = literal0)
}

rows <- list()
worstPearson <- 0
for (tab in tables) {
  a <- tab[1]; b <- tab[2]; cc <- tab[3]; d <- tab[4]
  x <- matrix(c(a, cc, b, d), 2, dimnames = list(NGF = c("neg", "pos"), NGS = c("neg", "pos")))
  n <- sum(x)
  kap <- sasKappa(x, 0.95)
  kap90 <- sasKappa(x, 0.90)
  if (!is.null(kap$z) && !is.na(kap$z)) {
    X2 <- suppressWarnings(chisq.test(x, correct = FALSE)$statistic)
    worstPearson <- max(worstPearson, abs(kap$z^2 - X2) / max(X2, 1))
  }
  mcn <- suppressWarnings(mcnemar.test(x, correct = FALSE))
  mcnC <- suppressWarnings(mcnemar.test(x, correct = TRUE))
  rows[[length(rows) + 1]] <- list(
    table = list(bothNegative = a, ngfNegativeNgsPositive = b, ngfPositiveNgsNegative = cc, bothPositive = d),
    overall = cpInterval(a + d, n, 0.95),
    referenceNgs = list(positive = cpInterval(d, b + d, 0.95), negative = cpInterval(a, a + cc, 0.95)),
    referenceNgf = list(positive = cpInterval(d, cc + d, 0.95), negative = cpInterval(a, a + b, 0.95)),
    overall90 = cpInterval(a + d, n, 0.90),
    kappa = if (is.null(kap)) NULL else lapply(kap[setdiff(names(kap), c("literalVariance", "literalVariance0"))], na2null),
    kappa90 = if (is.null(kap90$kappa)) NULL else list(lower = kap90$lower, upper = kap90$upper),
    vcd = if (is.null(kap$kappa) || !hasVcd) NULL else as.list(vcd::Kappa(x)$Unweighted),
    mcnemar = list(statistic = na2null(mcn$statistic), p = na2null(mcn$p.value),
                   statisticCorrected = na2null(mcnC$statistic), pCorrected = na2null(mcnC$p.value),
                   exactP = if (b + cc == 0) NULL else binom.test(b, b + cc)$p.value)
  )
}
if (worstPearson > 1e-12) stop("Z^2 differs from Pearson's chi-square: ", worstPearson)

writeLines(toJSON(list(source = paste("R", getRversion(), "stats::binom.test, stats::mcnemar.test, SAS kappa formulas",
                                      if (hasVcd) paste("checked against vcd", packageVersion("vcd"), "Kappa") else "(no vcd)"),
                       pearsonAgreement = worstPearson, cases = rows),
                  digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = TRUE),
           "fixtures/agreement.json")
