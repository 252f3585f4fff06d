# Reference values for analyses/stats/clopperPearson.ts: R's binom.test exact (Clopper-Pearson) limits.
# Run from this folder (npm run oracle) to rewrite fixtures/clopperPearson.json.
library(jsonlite)
cases <- expand.grid(n = c(1, 2, 5, 13, 20, 51, 100, 153, 154, 181, 198, 265, 1000, 99991), p = c(0, 0.013, 0.25, 0.5, 0.77, 0.999, 1))
cases$x <- round(cases$n * cases$p)
cases <- unique(cases[, c("x", "n")])
cases <- rbind(cases, data.frame(x = c(147, 74, 93, 54, 39, 147, 74, 242, 167, 198, 116, 7, 1, 0, 49, 13),
                                 n = c(265, 181, 154, 153, 51, 198, 116, 265, 181, 265, 181, 20, 99991, 3, 154, 153)))
rows <- list()
for (level in c(0.95, 0.90, 0.99)) {
  for (i in seq_len(nrow(cases))) {
    x <- cases$x[i]; n <- cases$n[i]
    ci <- binom.test(x, n, conf.level = level)$conf.int
    rows[[length(rows) + 1]] <- list(x = x, n = n, level = level, lower = ci[1], upper = ci[2])
  }
}
writeLines(toJSON(list(source = paste("R", getRversion(), "stats::binom.test"), cases = rows),
                  digits = I(17), auto_unbox = TRUE, pretty = TRUE),
           "fixtures/clopperPearson.json")
