# Reference values for analyses/stats/woolfHomogeneity.ts: vcd::woolf_test on 2 x 2 x K tables
# (rows arm 1, arm 0; columns responder yes, no). Writes fixtures/woolf.json.
suppressPackageStartupMessages({ library(vcd); library(jsonlite) })
cases <- list()
add <- function(name, x1, n1, x0, n0) {
  a <- array(0, c(2, 2, length(x1)))
  for (k in seq_along(x1)) a[, , k] <- matrix(c(x1[k], x0[k], n1[k] - x1[k], n0[k] - x0[k]), 2)
  t <- woolf_test(a)
  cases[[length(cases) + 1]] <<- list(name = name, levels = lapply(seq_along(x1), function(k) list(x1 = x1[k], n1 = n1[k], x0 = x0[k], n0 = n0[k])),
    statistic = unname(t$statistic), df = unname(t$parameter), p = t$p.value)
}
add("two levels", c(40, 61), c(70, 110), c(20, 30), c(50, 71))
add("three levels", c(40, 61, 46), c(70, 110, 85), c(20, 30, 24), c(50, 71, 60))
add("heterogeneous", c(50, 10, 30), c(60, 60, 60), c(20, 30, 28), c(60, 60, 60))
add("zero cell (Haldane 1/2 everywhere)", c(12, 8), c(12, 20), c(5, 6), c(15, 18))
add("four levels, one small", c(3, 40, 25, 60), c(5, 80, 50, 90), c(1, 30, 20, 35), c(4, 80, 50, 85))
writeLines(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE), "fixtures/woolf.json")
