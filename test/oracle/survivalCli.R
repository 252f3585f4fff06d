# Reference values for `mrd survival` (pipeline/commands/survival.ts) on whole files (CSV, and the imroz-adam ADTTE transport file filtered by PARAMCD): R's
# survfit(conf.type=...), quantile(), summary(times=, extend=TRUE), survdiff(+strata) and coxph(ties=).
# Writes fixtures/survivalCli/<case>.csv and fixtures/survivalCli.json.
library(survival)
library(jsonlite)
na <- function(x) if (length(x) == 0 || is.na(x)) NULL else unname(x)

cases <- list()
add <- function(name, d, time, status, cnsr = FALSE, group = NULL, reference = NULL, strata = character(0),
                conf = "log-log", ties = "breslow", landmarks = c(), level = 0.95, file = NULL, where = list()) {
  # file: a data set read from elsewhere (e.g. an ADaM transport file), filtered like --where COL=VALUE
  if (is.null(file)) write.csv(d, file.path("fixtures/survivalCli", paste0(name, ".csv")), row.names = FALSE, na = "")
  for (w in names(where)) d <- d[d[[w]] %in% where[[w]], ]
  ev <- if (cnsr) as.integer(d[[status]] == 0) else d[[status]]
  g <- if (is.null(group)) factor(rep("(all)", nrow(d))) else factor(d[[group]])
  if (!is.null(reference)) g <- relevel(g, ref = reference)
  dd <- data.frame(t = d[[time]], e = ev, g = g)
  for (s in strata) dd[[s]] <- d[[s]]
  dd <- dd[complete.cases(dd[, c("t", "e", "g")]), ]
  fit <- survfit(Surv(t, e) ~ g, dd, conf.type = conf, conf.int = level)
  q <- quantile(fit, 0.5, conf.int = TRUE)
  lv <- sort(levels(droplevels(dd$g)))
  groups <- lapply(seq_along(lv), function(k) {
    sub <- dd[dd$g == lv[k], ]
    f1 <- survfit(Surv(t, e) ~ 1, sub, conf.type = conf, conf.int = level)
    q1 <- quantile(f1, 0.5, conf.int = TRUE)
    qs <- quantile(f1, c(0.25, 0.5, 0.75), conf.int = TRUE)
    quartiles <- lapply(1:3, function(j) list(prob = c(0.25, 0.5, 0.75)[j], estimate = na(qs$quantile[j]), lower = na(qs$lower[j]), upper = na(qs$upper[j])))
    lm <- if (length(landmarks)) {
      s <- summary(f1, times = landmarks, extend = TRUE)
      lapply(seq_along(landmarks), function(j) list(time = landmarks[j], surv = s$surv[j], lower = na(s$lower[j]), upper = na(s$upper[j]), nRisk = s$n.risk[j]))
    } else list()
    list(group = lv[k], n = nrow(sub), events = sum(sub$e), median = na(q1$quantile), medianLower = na(q1$lower), medianUpper = na(q1$upper), quartiles = quartiles, landmarks = lm)
  })
  sform <- if (length(strata)) paste("+", paste0("strata(", strata, ")", collapse = " + ")) else ""
  out <- list(name = name, time = time, event = if (cnsr) NULL else status, cnsr = if (cnsr) status else NULL,
              group = group, reference = reference, strata = strata, confType = conf, ties = ties,
              landmarks = landmarks, level = level, groups = groups, file = file,
              where = if (length(where)) lapply(names(where), function(w) paste0(w, "=", paste(where[[w]], collapse = ","))) else NULL)
  if (length(lv) > 1) {
    sd <- survdiff(as.formula(paste("Surv(t, e) ~ g", sform)), dd)
    out$logrankP <- pchisq(sd$chisq, length(lv) - 1, lower.tail = FALSE)
    cx <- coxph(as.formula(paste("Surv(t, e) ~ g", sform)), dd, ties = ties)
    ci <- summary(cx, conf.int = level)$conf.int
    out$hazardRatios <- lapply(seq_len(nrow(ci)), function(j) list(group = sub("^g", "", rownames(ci)[j]), hr = ci[j, 1], hrLower = ci[j, 3], hrUpper = ci[j, 4]))
  }
  cases[[length(cases) + 1]] <<- out
}

vet <- veteran
vet$arm <- ifelse(vet$trt == 1, "standard", "test")
add("veteran_strata", vet, "time", "status", group = "arm", reference = "standard", strata = "celltype", landmarks = c(30, 100, 200, 1000))
add("veteran_efron_log", vet, "time", "status", group = "arm", reference = "test", ties = "efron", conf = "log", landmarks = c(50))
lung2 <- data.frame(time = lung$time, CNSR = ifelse(lung$status == 2, 0, 1), SEX = ifelse(lung$sex == 1, "M", "F"),
                    ECOG = lung$ph.ecog, ph.ecog = lung$ph.ecog)
add("lung_cnsr_strata_ecog", lung2, "time", "CNSR", cnsr = TRUE, group = "SEX", reference = "M", strata = "ECOG", landmarks = c(180, 365), level = 0.9)
add("lung_plain_three_groups", transform(lung2, ECOGGRP = ifelse(is.na(ph.ecog), NA, paste0("E", pmin(ph.ecog, 2)))),
    "time", "CNSR", cnsr = TRUE, group = "ECOGGRP", conf = "plain", landmarks = c(100, 500))
add("lung_single_group", lung2, "time", "CNSR", cnsr = TRUE, landmarks = c(0, 200, 2000))
set.seed(20261121)
n <- 600
rd <- data.frame(ARM = sample(c("EXP", "CTL"), n, TRUE), AGEGRP = sample(c("<70", ">=70"), n, TRUE), RISS = sample(c("I/II", "III"), n, TRUE))
rd$AVAL <- round(rexp(n, ifelse(rd$ARM == "EXP", 0.02, 0.035)) * 30.4375) / 30.4375
rd$CNSR <- as.integer(runif(n) < 0.35)
add("random_two_strata", rd, "AVAL", "CNSR", cnsr = TRUE, group = "ARM", reference = "CTL", strata = c("AGEGRP", "RISS"), landmarks = c(12, 24, 36))
# the imroz-adam ADTTE as haven reads it: PFS only, days, stratified by the two randomisation factors
adtte <- as.data.frame(haven::read_xpt("../../data-samples/imroz-adam/adtte.xpt"))
add("imroz_adtte_pfs", adtte, "AVAL", "CNSR", cnsr = TRUE, group = "ARMCD", reference = "CTL", strata = c("AGEGRP", "RISSGRP"),
    landmarks = c(365, 730), file = "data-samples/imroz-adam/adtte.xpt", where = list(PARAMCD = "PFS"))
add("imroz_adtte_os_trt01p", adtte, "AVAL", "CNSR", cnsr = TRUE, group = "TRT01P", reference = "VRd",
    file = "data-samples/imroz-adam/adtte.xpt", where = list(PARAMCD = c("OS", "XX")))
writeLines(toJSON(list(source = paste("R", getRversion(), "survival", packageVersion("survival")), cases = cases),
                  digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE), "fixtures/survivalCli.json")
