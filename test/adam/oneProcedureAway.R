# "One procedure away": recomputes the figures of results.json from the ADaM transport files that
# `mrd run` wrote, with nothing but haven::read_xpt and one standard R call per figure.
#   Rscript --vanilla oneProcedureAway.R ADAM_DIR STRATA CONTROL_ARM   (STRATA: comma-separated names)
# Prints JSON: the rate of every ADMRD parameter, population and arm with binom.test's exact CI; the
# Kaplan-Meier median of every ADTTE parameter and group (survfit, log-log CI); the hazard ratio
# (coxph, Breslow ties, stratified as the tables) and the log-rank p (survdiff) of each parameter.
suppressPackageStartupMessages({ library(haven); library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
strata <- if (nchar(args[2]) > 0) strsplit(args[2], ",")[[1]] else character(0)
control <- args[3]

admrd <- read_xpt(file.path(dir, "admrd.xpt"))
adtte <- read_xpt(file.path(dir, "adtte.xpt"))

rates <- list()
for (pc in unique(admrd$PARAMCD)) {
  d <- admrd[admrd$PARAMCD == pc, ]
  pops <- if (startsWith(pc, "MRDCNV")) list(CONVERSION = d$ITTFL == "Y" & d$MRDPOSFL == "Y") else
    list(ITT = d$ITTFL == "Y", CR = d$ITTFL == "Y" & d$CRFL == "Y", EVALUABLE = d$ITTFL == "Y" & d$MRDEVLFL == "Y")
  for (pop in names(pops)) for (arm in unique(d$ARMCD)) {
    keep <- pops[[pop]] & d$ARMCD == arm
    x <- sum(d$AVALC[keep] == "Y"); n <- sum(keep)
    ci <- if (n > 0) binom.test(x, n)$conf.int else c(NA, NA)
    rates[[length(rates) + 1]] <- list(paramcd = pc, population = pop, arm = arm, x = x, n = n, lower = ci[1], upper = ci[2])
  }
}

km <- list(); cox <- list()
for (pc in unique(adtte$PARAMCD)) {
  d <- adtte[adtte$PARAMCD == pc, ]
  if (startsWith(pc, "PFSLM")) {
    d$g <- factor(ifelse(d$MRDLMFL == "Y", "MRD_NEG", "NOT_MRD_NEG"), levels = c("NOT_MRD_NEG", "MRD_NEG"))
    st <- "ARMCD"
  } else {
    d$g <- relevel(factor(d$ARMCD), ref = control)
    st <- if (pc %in% c("PFS", "OS")) strata else character(0)
  }
  fit <- survfit(Surv(AVAL, 1 - CNSR) ~ g, data = d, conf.type = "log-log")
  q <- quantile(fit, probs = 0.5)
  for (k in seq_along(levels(d$g))) {
    km[[length(km) + 1]] <- list(paramcd = pc, group = levels(d$g)[k], n = sum(d$g == levels(d$g)[k]), events = sum(d$g == levels(d$g)[k] & d$CNSR == 0),
      median = unname(q$quantile[k]), lower = unname(q$lower[k]), upper = unname(q$upper[k]))
  }
  rhs <- paste(c("g", if (length(st)) sprintf("strata(%s)", paste(st, collapse = ", "))), collapse = " + ")
  f <- as.formula(paste("Surv(AVAL, 1 - CNSR) ~", rhs))
  m <- coxph(f, data = d, ties = "breslow", control = coxph.control(eps = 1e-11, toler.chol = 1e-13, iter.max = 100))
  se <- sqrt(m$var[1, 1]); b <- unname(coef(m)[1])
  lr <- survdiff(f, data = d)
  cox[[length(cox) + 1]] <- list(paramcd = pc, group = levels(d$g)[2], hr = exp(b), lower = exp(b - qnorm(0.975) * se), upper = exp(b + qnorm(0.975) * se),
    logrankP = pchisq(lr$chisq, df = 1, lower.tail = FALSE))
}
cat(toJSON(list(rates = rates, km = km, cox = cox), auto_unbox = TRUE, digits = NA, na = "null"))
