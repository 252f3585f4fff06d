# Reference values for analyses/stats/kaplanMeier.ts, survivalQuantiles.ts, survivalAtTimes.ts and
# medianFollowUp.ts: R survival's survfit (Kaplan-Meier), quantile.survfit (Brookmeyer-Crowley),
# summary.survfit(times =, extend = TRUE) and the reverse Kaplan-Meier median follow-up.
# Run from this folder (npm run oracle) to rewrite fixtures/kaplanMeier.json.
#
# Non-finite values are written as strings (jsonlite na = "string"): "NA" (R's NA, a limit not
# reached or not defined), "NaN" (R's NaN, e.g. a plain-CI limit at S = 0) and "Inf" (std.err at
# S = 0). The TypeScript implementation gives null for "NA"/"NaN" and Infinity for "Inf".
# Input times are written as "%.17g" strings so that they round-trip exactly (digits = NA keeps 15).
library(survival)
library(jsonlite)

datasets <- list()
add <- function(name, time, event, note) {
  datasets[[length(datasets) + 1]] <<- list(name = name, note = note, time = as.numeric(time), event = as.integer(event))
}

lung <- survival::lung
add("lung", lung$time, lung$status - 1, "survival::lung, all 228 patients, status - 1")
add("lungMale", lung$time[lung$sex == 1], lung$status[lung$sex == 1] - 1, "survival::lung, sex == 1")
add("lungFemale", lung$time[lung$sex == 2], lung$status[lung$sex == 2] - 1, "survival::lung, sex == 2")
vet <- survival::veteran
add("veteran", vet$time, vet$status, "survival::veteran, all 137 patients")

set.seed(20240611)
add("heavyTies", sample(1:6, 120, replace = TRUE), rbinom(120, 1, 0.6), "120 subjects on 6 distinct times")
add("allCensored", c(3, 5, 5, 8, 12, 12, 20), rep(0, 7), "no events, censoring ties")
add("zeroEvents", c(0, 2, 2, 9), rep(0, 4), "no events, one censored at time 0")
add("singleEvent", 7, 1, "one subject with an event")
add("singleCensored", 7, 0, "one subject censored")
add("flatHalf", 1:10, c(1, 1, 1, 1, 1, 0, 1, 1, 1, 1),
    "S = 0.5 exactly on [5, 7) (censoring at 6 inside the flat segment): median is the midpoint 6")
add("flatHalfTail", 1:10, c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0),
    "S = 0.5 exactly from 5 to the last time 10: median is (5 + 10) / 2")
add("lastEvent", c(2, 3, 3, 5, 8, 8, 9), c(1, 0, 1, 1, 0, 1, 1), "last observation is an event: S reaches 0")
add("lastEventCensoredFirst", c(1, 2, 2, 4, 5), c(0, 1, 1, 1, 1),
    "censoring before the first event (S = 1 rows) and S reaching 0")
add("eventsAtZero", c(0, 0, 0, 1, 2, 2, 3, 6), c(1, 0, 1, 1, 0, 1, 0, 1), "events and censoring at time 0")
add("nearTies", c(1, 1 + 1e-10, 0.1 + 0.2, 0.3, 2, 3, 3 + 4e-9, 3.5, 4, 4 - 1e-12, 7),
    c(1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1),
    "times differing by less than sqrt(.Machine$double.eps) are merged by survfit's timefix (aeqSurv)")
set.seed(42)
add("random500", round(rexp(500, 1 / 20), 1), rbinom(500, 1, 0.7), "set.seed(42): 500 exponential times rounded to 0.1 (ties), P(event) = 0.7")

na_str <- function(x) I(as.numeric(x))

summary_times <- function(time) {
  ut <- sort(unique(time))
  k <- length(ut)
  mid <- if (k > 1) (ut[k %/% 2] + ut[k %/% 2 + 1]) / 2 else ut[1] + 0.5
  sort(unique(c(0, ut[1] / 2, ut[1], (ut[1] + ut[min(2, k)]) / 2, ut[max(1, k %/% 3)], mid, ut[k], ut[k] + 10)))
}

out <- list()
for (d in datasets) {
  y <- Surv(d$time, d$event)
  base <- survfit(y ~ 1)
  times <- summary_times(base$time)
  configs <- list()
  for (ct in c("plain", "log", "log-log")) {
    for (level in c(0.95, 0.90)) {
      fit <- survfit(y ~ 1, conf.type = ct, conf.int = level)
      q <- quantile(fit, c(0.25, 0.5, 0.75))
      qx <- quantile(fit, c(0, 0.05, 0.5, 0.95, 1))
      s <- summary(fit, times = times, extend = TRUE)
      rfit <- survfit(Surv(d$time, 1 - d$event) ~ 1, conf.type = ct, conf.int = level)
      rq <- quantile(rfit, 0.5)
      configs[[length(configs) + 1]] <- list(
        confType = ct, level = level,
        lower = na_str(fit$lower), upper = na_str(fit$upper),
        quantiles = list(probs = I(c(0.25, 0.5, 0.75)), estimate = na_str(q$quantile), lower = na_str(q$lower), upper = na_str(q$upper)),
        quantilesExtra = list(probs = I(c(0, 0.05, 0.5, 0.95, 1)), estimate = na_str(qx$quantile), lower = na_str(qx$lower), upper = na_str(qx$upper)),
        summary = list(time = na_str(s$time), nRisk = na_str(s$n.risk), surv = na_str(s$surv), stdErr = na_str(s$std.err),
                       lower = na_str(s$lower), upper = na_str(s$upper)),
        medianFollowUp = list(estimate = unname(rq$quantile), lower = unname(rq$lower), upper = unname(rq$upper))
      )
      # the curve itself must not depend on the CI settings
      stopifnot(identical(fit$surv, base$surv), identical(fit$std.err, base$std.err))
    }
  }
  out[[length(out) + 1]] <- list(
    name = d$name, note = d$note, input = list(time = I(sprintf("%.17g", d$time)), event = I(d$event)),
    n = base$n, events = sum(base$n.event),
    curve = list(time = na_str(base$time), nRisk = na_str(base$n.risk), nEvent = na_str(base$n.event),
                 nCensor = na_str(base$n.censor), surv = na_str(base$surv), stdErr = na_str(base$std.err)),
    configs = configs
  )
}

writeLines(toJSON(list(source = paste("R", getRversion(), "survival", packageVersion("survival")), datasets = out),
                  digits = NA, na = "string", auto_unbox = TRUE, pretty = FALSE),
           "fixtures/kaplanMeier.json")
