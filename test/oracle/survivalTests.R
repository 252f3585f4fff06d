# Reference values for analyses/stats/logRank.ts and analyses/stats/coxPH.ts: R survival's
# survdiff (log-rank, rho = 0) and coxph (Breslow and Efron ties) with summary() tests.
# Run from this folder (npm run oracle) to rewrite fixtures/survivalTests.json.
#
# Each case stores its data (time, event, 0-based group and stratum codes, covariate columns) so the
# TypeScript test needs no R. Cox values come from the default coxph.control (eps 1e-9, iter.max 20,
# timefix), which the TypeScript fit follows step for step. The Wald statistic is fit$wald.test
# (summary() prints it rounded to 2 decimals). R warnings (monotone likelihood) are recorded.
library(survival)
library(jsonlite)

num <- function(x) {
  x <- as.numeric(x)
  x[!is.finite(x)] <- NA # NA, NaN and +-Inf are all written as null
  I(x)
}
one <- function(x) {
  x <- as.numeric(x)
  if (length(x) != 1 || !is.finite(x)) NA else x
}

make_data <- function(d, covs, group, strata) {
  df <- data.frame(time = d$time, event = d$event)
  for (j in seq_along(covs)) df[[paste0("x", j)]] <- covs[[j]]
  if (!is.null(group)) df$g <- group
  if (!is.null(strata)) df$s <- strata
  df
}

cox_fit <- function(df, p, has_strata, ties) {
  rhs <- paste0("x", seq_len(p), collapse = " + ")
  if (has_strata) rhs <- paste(rhs, "+ strata(s)")
  f <- as.formula(paste("Surv(time, event) ~", rhs))
  warn <- character(0)
  fit <- withCallingHandlers(coxph(f, data = df, ties = ties),
    warning = function(w) {
      warn <<- c(warn, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  b <- as.numeric(coef(fit))
  se <- sqrt(diag(as.matrix(fit$var)))
  se[is.na(b)] <- NA
  df_tests <- sum(!is.na(b))
  ci <- function(level) {
    s <- summary(fit, conf.int = level)$conf.int
    list(lower = num(s[, 3]), upper = num(s[, 4]))
  }
  ci95 <- ci(0.95)
  ci90 <- ci(0.90)
  sm <- summary(fit)
  wald <- if (is.null(fit$wald.test)) NA else as.numeric(fit$wald.test)
  list(
    coef = num(b), se = num(se), hr = num(exp(b)),
    lower95 = ci95$lower, upper95 = ci95$upper, lower90 = ci90$lower, upper90 = ci90$upper,
    z = num(b / se), p = num(pchisq((b / se)^2, 1, lower.tail = FALSE)),
    loglik = num(fit$loglik),
    waldChisq = one(wald), waldP = one(pchisq(wald, df_tests, lower.tail = FALSE)),
    scoreChisq = one(fit$score), scoreP = one(pchisq(fit$score, df_tests, lower.tail = FALSE)),
    lrChisq = one(sm$logtest["test"]), lrP = one(pchisq(sm$logtest["test"], df_tests, lower.tail = FALSE)),
    df = df_tests, iter = fit$iter, n = fit$n, events = fit$nevent,
    warnings = I(warn)
  )
}

logrank_fit <- function(df, has_strata) {
  f <- if (has_strata) Surv(time, event) ~ factor(g) + strata(s) else Surv(time, event) ~ factor(g)
  sd <- survdiff(f, data = df)
  obs <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
  ex <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
  dfree <- sum(ex > 0) - 1
  list(
    chisq = sd$chisq, df = dfree, p = pchisq(sd$chisq, dfree, lower.tail = FALSE),
    observed = num(obs), expected = num(ex),
    variance = unname(as.matrix(sd$var)), n = num(sd$n)
  )
}

cases <- list()
add_case <- function(name, d, covs = NULL, group = NULL, strata = NULL) {
  df <- make_data(d, covs, group, strata)
  has_strata <- !is.null(strata)
  entry <- list(
    name = name,
    data = list(
      time = num(d$time), event = I(as.integer(d$event)),
      group = if (is.null(group)) NULL else I(as.integer(group)),
      strata = if (is.null(strata)) NULL else I(as.integer(strata)),
      covariates = lapply(covs, num)
    ),
    logrank = if (is.null(group)) NULL else logrank_fit(df, has_strata),
    cox = if (is.null(covs)) NULL else list(
      breslow = cox_fit(df, length(covs), has_strata, "breslow"),
      efron = cox_fit(df, length(covs), has_strata, "efron")
    )
  )
  cases[[length(cases) + 1]] <<- entry
}

# --- survival::lung (status 1 = censored, 2 = dead) ---
lung0 <- survival::lung
lung0$event <- lung0$status - 1
add_case("lung: sex", lung0, covs = list(lung0$sex), group = lung0$sex - 1)
add_case("lung: sex + age", lung0, covs = list(lung0$sex, lung0$age), group = lung0$sex - 1)
le <- lung0[!is.na(lung0$ph.ecog), ]
add_case("lung: sex + strata(ph.ecog)", le, covs = list(le$sex), group = le$sex - 1, strata = le$ph.ecog)
l3 <- le[le$ph.ecog <= 2, ]
add_case("lung: 3-group log-rank by ph.ecog 0/1/2 (Cox on two indicators)", l3,
         covs = list(1 * (l3$ph.ecog == 1), 1 * (l3$ph.ecog == 2)), group = l3$ph.ecog)
lq <- lung0
lq$time <- ceiling(lq$time / 91.3125) # quarters: heavy ties
add_case("lung: heavy ties (time in quarters), sex + age", lq, covs = list(lq$sex, lq$age), group = lq$sex - 1)

# --- survival::veteran ---
vet <- survival::veteran
vet$event <- vet$status
ct <- as.integer(vet$celltype) - 1
add_case("veteran: trt", vet, covs = list(vet$trt), group = vet$trt - 1)
add_case("veteran: trt + strata(celltype)", vet, covs = list(vet$trt), group = vet$trt - 1, strata = ct)
add_case("veteran: trt + karno", vet, covs = list(vet$trt, vet$karno), group = vet$trt - 1)
add_case("veteran: 4-group log-rank by celltype", vet, group = ct)
vm <- vet
vm$time <- ceiling(vm$time / 30) # months: heavy ties
add_case("veteran: heavy ties (time in months), trt + strata(celltype)", vm, covs = list(vm$trt),
         group = vm$trt - 1, strata = ct)
add_case("veteran: collinear covariates trt and 3 - trt (second is NA)", vet,
         covs = list(vet$trt, 3 - vet$trt), group = vet$trt - 1)

# --- constructed edge cases ---
set.seed(7)
n <- 300
arm <- rbinom(n, 1, 0.5)
st <- sample(0:2, n, replace = TRUE)
arm[st == 2] <- 0 # stratum 2 holds only arm 0
tt <- ceiling(rexp(n, 0.02 * exp(0.4 * arm + 0.3 * st)))
cc <- ceiling(runif(n, 10, 120))
d1 <- data.frame(time = pmin(tt, cc), event = 1 * (tt <= cc))
add_case("stratum 2 holds one arm only", d1, covs = list(arm), group = arm, strata = st)

set.seed(11)
n <- 40
arm <- rep(0:1, each = 20)
tt <- ceiling(rexp(n, 0.05))
d2 <- data.frame(time = tt, event = ifelse(arm == 1, 0, 1 * (tt < 60)))
add_case("zero events in arm 1 (monotone likelihood)", d2, covs = list(arm), group = arm)

d3 <- data.frame(time = c(3, 5, 5, 8, 9, 12, 14, 15, 20, 22), event = c(0, 0, 1, 0, 0, 0, 0, 0, 0, 0))
x3 <- c(0, 1, 0, 1, 0, 1, 0, 1, 0, 1)
add_case("single stratum, single event", d3, covs = list(c(41, 57, 63, 48, 70, 52, 66, 59, 45, 61)), group = x3)

d4 <- data.frame(time = c(4, 2, 6, 7, 7, 9, 11, 3, 5, 8, 10, 12, 13),
                 event = c(1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1))
add_case("stratum 0 a single subject with an event, stratum 1 a single event", d4,
         covs = list(c(1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1)),
         group = c(1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1),
         strata = c(0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2))

set.seed(20240607)
n <- 2000
arm <- rbinom(n, 1, 0.5)
st <- sample(0:3, n, replace = TRUE, prob = c(0.4, 0.3, 0.2, 0.1))
age <- round(rnorm(n, 65, 9), 1)
rate <- 0.0015 * exp(-0.35 * arm + c(0, 0.3, 0.6, 1.0)[st + 1] + 0.02 * (age - 65))
tt <- ceiling(rexp(n, rate) / 7) * 7 # weekly visits: ties
cc <- ceiling(runif(n, 180, 1500) / 7) * 7
d5 <- data.frame(time = pmin(tt, cc), event = 1 * (tt <= cc))
add_case("random n = 2000, 2 arms, 4 strata, weekly ties: arm", d5, covs = list(arm), group = arm, strata = st)
add_case("random n = 2000, 2 arms, 4 strata, weekly ties: arm + age", d5, covs = list(arm, age), group = arm, strata = st)

out <- list(
  source = paste("R", getRversion(), "survival", as.character(packageVersion("survival")), "survdiff / coxph / summary.coxph"),
  cases = cases
)
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, na = "null", null = "null", pretty = FALSE),
           "fixtures/survivalTests.json")
