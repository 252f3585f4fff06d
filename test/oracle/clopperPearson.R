# Reference values for analyses/stats/clopperPearson.ts: R's binom.test exact (Clopper-Pearson) limits.
# Run from this folder (npm run oracle) to rewrite fixtures/clopperPearson.json.
library(jsonlite)
cases <- expand.grid(n = c(1, 2, 5, 13, 20, 51, 100, 153, 154, 181, 198, 265, 1000, 99991), p = c(0, 0.013, 0.25, 0.5, 0.77, 0.999, 1))
cases$x <- round(cases$n * cases$p)
cases <- unique(cases[, c("x", "n")])
cases <- rbind(cases, data.frame(x = c(147, 74, 93, 54, 39, 147, 74, 242, 167, 198, 116, 7, 1, 0, 49, 13),
                                 n = c(265, 181, 154, 153, 51, 198, 116, 265, 181, 265, 181, 20, 99991, 3, 154, 153)))
# x/n of every MRD rate in the embedded sample study (data-samples/sample-study), test/pipeline/sampleStudy.test.ts
study <- data.frame(x = c(10, 9, 9, 8, 10, 9, 9, 8, 9, 8, 8, 8, 7, 7, 8, 8, 7, 7, 7, 7, 5, 4, 4, 3, 5, 4, 4, 3, 4, 3),
                    n = c(20, 19, 18, 12, 10, 11, 20, 19, 10, 11, 20, 19, 18, 12, 9, 10, 20, 19, 9, 10, 20, 19, 18, 12, 6, 7, 20, 19, 6, 7))
cases <- unique(rbind(cases, study))
rows <- list()
for (level in c(0.95, 0.90, 0.99)) {
  for (i in seq_len(nrow(cases))) {
    x <- cases$x[i]; n <- cases$n[i]
    ci <- binom.test(x, n, conf.level = level)$conf.int
    rows[[length(rows) + 1]] <- list(x = x, n = n, level = level, lower = ci[1], upper = ci[2])
  }
}
writeLines(toJSON(list(source = paste("R", getRversion(), "stats::binom.test"), cases = rows),
                  digits = NA, auto_unbox = TRUE, pretty = TRUE),
           "fixtures/clopperPearson.json")
