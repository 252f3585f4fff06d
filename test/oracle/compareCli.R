# Reference values for `mrd compare` (pipeline/commands/compare.ts): binom.test for each arm,
# fisher.test's p on the pooled table, and mantelhaen.test (no correction, and with it) for the
# Mantel-Haenszel odds ratio, its Robins-Breslow-Greenland CI and the CMH test.
# Writes fixtures/compareCli/<case>.csv (the strata files the CLI reads) and fixtures/compareCli.json.
library(jsonlite)
cases <- list()
add <- function(name, s, level = 0.95) {
  write.csv(s, file.path("fixtures/compareCli", paste0(name, ".csv")), row.names = FALSE)
  pooled <- colSums(s[, c("X1", "N1", "X0", "N0")])
  b1 <- binom.test(pooled[["X1"]], pooled[["N1"]], conf.level = level)$conf.int
  b0 <- binom.test(pooled[["X0"]], pooled[["N0"]], conf.level = level)$conf.int
  ft <- fisher.test(matrix(c(pooled[["X1"]], pooled[["N1"]] - pooled[["X1"]], pooled[["X0"]], pooled[["N0"]] - pooled[["X0"]]), 2))
  # 2 x 2 x K: rows arm (1, 0), columns response (yes, no)
  a <- array(0, c(2, 2, nrow(s)))
  for (k in seq_len(nrow(s))) a[, , k] <- matrix(c(s$X1[k], s$X0[k], s$N1[k] - s$X1[k], s$N0[k] - s$X0[k]), 2)
  mh <- if (nrow(s) > 1) mantelhaen.test(a, correct = FALSE, conf.level = level) else NULL
  mhc <- if (nrow(s) > 1) mantelhaen.test(a, correct = TRUE, conf.level = level) else NULL
  cases[[name]] <<- list(level = level, arm1 = b1, arm0 = b0, fisherP = ft$p.value,
    mh = if (is.null(mh)) NULL else list(estimate = unname(mh$estimate), lower = mh$conf.int[1], upper = mh$conf.int[2], statistic = unname(mh$statistic), p = mh$p.value),
    mhCorrected = if (is.null(mhc)) NULL else list(statistic = unname(mhc$statistic), p = mhc$p.value))
}
add("imroz_table9", data.frame(STRATUM = "all", X1 = 147, N1 = 265, X0 = 74, N0 = 181))
add("three_strata", data.frame(STRATUM = c("<65/I", "<65/II", ">=65"), X1 = c(40, 61, 46), N1 = c(70, 110, 85), X0 = c(20, 30, 24), N0 = c(50, 71, 60)))
add("three_strata_90", data.frame(STRATUM = c("<65/I", "<65/II", ">=65"), X1 = c(40, 61, 46), N1 = c(70, 110, 85), X0 = c(20, 30, 24), N0 = c(50, 71, 60)), level = 0.9)
writeLines(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE), "fixtures/compareCli.json")
