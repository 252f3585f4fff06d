# Independent re-implementation of the derivation rules of docs/rules.md (and SPEC.md sections 2-3), written
# from the documents only, as an oracle for the TypeScript pipeline on the synthetic studies
# data-samples/rules-check (combine: primary-then-secondary) and data-samples/rules-check-both
# (combine: both-negative, hemodilutedNegative: negative, ngs.lodCells: 3).
#
# For each study it derives: every sample's exclusion reason and its status/reason at each threshold; per
# subject the best response, MRD-evaluable, MRD_NEG, MRD_NEG_CR, SUSTAINED_MRD_NEG and MRD_NEG_CR_<timepoint>
# flags; the rates x/n by endpoint x population (ITT, CR, EVALUABLE) x threshold x arm with the
# Clopper-Pearson interval of stats::binom.test; and the comparisons: stats::mantelhaen.test(correct = FALSE)
# statistic and p-value stratified by the cross-classified randomisation strata (strata with fewer than two
# subjects in the population dropped), the Mantel-Haenszel common odds ratio and its Robins-Breslow-Greenland
# interval (experimental vs control, outcome = the endpoint flag).
# Time-to-event, with the survival package, from this file's own assessments: each tte.csv PARAMCD (ITT, by arm,
# stratified by the cross-classified strata, "(missing)" a level of its own), MRD_NEG_DURATION at each threshold
# (by arm, unstratified) and PFS_BY_MRD_<L>M (landmark analysis by MRD status, stratified by arm): per group
# survfit/quantile/summary(times =, extend = TRUE), survdiff, coxph with the Wald CI, and the median follow-up by
# reverse Kaplan-Meier (see tte_analysis below).
# docs/rules.md "Concordance, failures, composite and flags": the composite MRD_NEG_IMAGING_FLC (an endpoint like the
# others: subject flags, rates, comparisons), the NGF-NGS concordance per threshold (pairs, 2x2 table, agreements with
# binom.test, Cohen's kappa with the SAS ASE checked against vcd::Kappa, mcnemar.test(correct = FALSE) and the exact
# binom.test p), assay failure counts and rates, conversion per threshold and arm, the NGF anti-CD38 and masked-CR
# flags. Where the rules leave a case open (a sample in two anti-CD38 windows, two anti-CD38 drugs for a masked-CR
# flag, a NEG on the day of the first POS, no discordant pair) the script stops rather than choose.
#
# Run from this folder: Rscript --vanilla rulesCheck.R   (writes fixtures/rulesCheck.json)
library(jsonlite)
library(survival)

STUDIES <- c(main = "../../data-samples/rules-check", both = "../../data-samples/rules-check-both")
MONTH <- 30.4375
SLACK <- 1e-9 # "LOD <= T" allows a relative slack of 1e-9 (docs/rules.md)

# ---------------------------------------------------------------------------------------------------------
# Minimal reader of the plan: only the flat keys and inline lists/maps the plan format uses (docs/plan.md).
# Every key not found takes its documented default.
read_plan <- function(dir) {
  lines <- readLines(file.path(dir, "study.yaml"), warn = FALSE)
  lines <- sub("\\s+#.*$", "", sub("^#.*$", "", lines))
  value <- function(key, default) {
    hit <- grep(paste0("^\\s*", key, ":\\s*(.*)$"), lines, value = TRUE)
    if (!length(hit)) return(default)
    v <- trimws(sub(paste0("^\\s*", key, ":\\s*"), "", hit[1]))
    if (v == "") default else v
  }
  inline_map_value <- function(map, key, default) { # e.g. "ngs: { lodCells: 3 }"
    hit <- grep(paste0("^\\s*", map, ":\\s*\\{"), lines, value = TRUE)
    if (!length(hit)) return(value(key, default))
    m <- regmatches(hit[1], regexpr(paste0(key, ":\\s*[^,}]+"), hit[1]))
    if (!length(m)) return(default)
    trimws(sub(paste0(key, ":\\s*"), "", m))
  }
  list_of <- function(v) trimws(strsplit(gsub("^\\[|\\]$", "", v), ",")[[1]])
  tp_lines <- grep("^\\s*-\\s*\\{\\s*name:", lines, value = TRUE)
  timepoints <- lapply(tp_lines, function(l) {
    get <- function(k, d) {
      m <- regmatches(l, regexpr(paste0(k, ":\\s*[^,}]+"), l))
      if (length(m)) trimws(sub(paste0(k, ":\\s*"), "", m)) else d
    }
    list(name = get("name", NA), month = as.numeric(get("month", NA)), window = as.numeric(get("windowMonths", "3")))
  })
  arm_lines <- grep("^\\s*-\\s*\\{\\s*code:", lines, value = TRUE)
  arms <- t(sapply(arm_lines, function(l) {
    code <- trimws(sub("^.*code:\\s*([^,}]+).*$", "\\1", l))
    control <- grepl("control:\\s*true", l)
    c(code = code, control = control)
  }))
  list(
    cutoff = as.numeric(as.Date(value("cutoff", NA))),
    control = unname(arms[arms[, "control"] == "TRUE", "code"]),
    experimental = unname(arms[arms[, "control"] != "TRUE", "code"]),
    strata = list_of(value("strata", "[]")),
    primaryMethod = value("primaryMethod", "NGS"),
    combine = value("combine", "primary-only"),
    thresholds = as.numeric(list_of(value("thresholds", "[1e-4, 1e-5, 1e-6]"))),
    lodEvents = as.numeric(inline_map_value("ngf", "lodEvents", "20")),
    dnaPerCellPg = as.numeric(inline_map_value("ngs", "dnaPerCellPg", "6.5")),
    lodCells = as.numeric(inline_map_value("ngs", "lodCells", "1")),
    specimen = value("specimen", "BM"),
    centralOnly = value("centralOnly", "true") == "true",
    hemodilutedNegative = value("hemodilutedNegative", "not-evaluable"),
    minGapDays = as.numeric(inline_map_value("sustained", "minGapDays", "365")),
    requireImaging = inline_map_value("sustained", "requireImaging", "true") == "true",
    ciLevel = as.numeric(inline_map_value("stats", "ciLevel", "0.95")),
    timepoints = timepoints,
    primaryThreshold = as.numeric(value("primaryThreshold", "1e-5")),
    durationEvent = value("durationEvent", "mrd-reappearance"),
    landmarks = as.numeric(list_of(value("landmarks", "[12, 24, 36]"))),
    mrdLandmark = { v <- value("mrdLandmark", "12"); if (v %in% c("null", "~")) NA_real_ else as.numeric(v) },
    kmConfType = inline_map_value("stats", "kmConfType", "log-log"),
    coxTies = inline_map_value("stats", "coxTies", "breslow")
  )
}

read_table <- function(dir, name) {
  path <- file.path(dir, name)
  if (!file.exists(path)) return(NULL)
  d <- read.csv(path, colClasses = "character", na.strings = character(0), check.names = FALSE, strip.white = TRUE)
  names(d) <- toupper(names(d))
  d[] <- lapply(d, trimws)
  d
}
blank <- function(x) is.na(x) | x == ""
num <- function(x) ifelse(blank(x), NA_real_, suppressWarnings(as.numeric(x)))
day <- function(x) ifelse(blank(x), NA_real_, as.numeric(as.Date(x)))
yes <- function(x) toupper(x) %in% c("Y", "YES")
first_or_na <- function(x) if (length(x)) min(x) else NA_real_

RANK <- c(SCR = 8, CR = 7, VGPR = 6, PR = 5, MR = 4, SD = 3, PD = 2, NE = 1)

# ---------------------------------------------------------------------------------------------------------
derive_study <- function(dir) {
  plan <- read_plan(dir)
  subj <- read_table(dir, "subjects.csv")
  mrd <- read_table(dir, "mrd.csv")
  resp <- read_table(dir, "response.csv")
  tte <- read_table(dir, "tte.csv")
  img <- read_table(dir, "imaging.csv")
  ther <- read_table(dir, "therapy.csv")
  # the generator writes no row that the pipeline should reject; check the few rejection rules that could apply
  stopifnot(!anyDuplicated(subj$USUBJID), all(mrd$USUBJID %in% subj$USUBJID), all(!blank(resp$AVALC)))
  stopifnot(!anyDuplicated(paste(mrd$USUBJID, mrd$METHOD, mrd$SAMPLEID)))

  ids <- subj$USUBJID
  ns <- length(ids)
  rand <- day(subj$RANDDT)
  names(rand) <- ids
  itt <- blank(subj$ITTFL) | yes(subj$ITTFL)

  # first progression or death: earlier of the first PD on/after randomisation and the PFS event date
  pd_day <- sapply(ids, function(id) {
    r <- resp[resp$USUBJID == id & resp$AVALC == "PD", ]
    d <- day(r$ADT)
    first_or_na(d[d >= rand[id]])
  })
  pfs_day <- sapply(ids, function(id) {
    r <- tte[tte$USUBJID == id & tte$PARAMCD == "PFS" & tte$CNSR == "0", ]
    first_or_na(day(r$ADT))
  })
  prog <- pmin(pd_day, pfs_day, na.rm = TRUE) # NA only when both are NA
  newther <- sapply(ids, function(id) {
    if (is.null(ther)) return(NA_real_)
    r <- ther[ther$USUBJID == id & yes(ther$NEWTHER), ]
    first_or_na(day(r$STDT))
  })

  # ---- sample level -----------------------------------------------------------------------------------
  spec <- ifelse(blank(mrd$SPEC), "BM", mrd$SPEC)
  central <- ifelse(blank(mrd$CENTRAL), "Y", mrd$CENTRAL)
  method <- mrd$METHOD
  result <- mrd$RESULT
  coll <- day(mrd$COLLDT)
  level <- num(mrd$MRDLEVEL)
  cells <- num(mrd$CELLS)
  dna <- num(mrd$DNANG)
  lab_lod <- num(mrd$LOD)
  hemo <- yes(mrd$HEMODIL)
  srand <- rand[mrd$USUBJID]
  sprog <- prog[mrd$USUBJID]
  snew <- newther[mrd$USUBJID]
  nm <- nrow(mrd)

  methods_used <- if (plan$combine == "primary-only") plan$primaryMethod else c("NGS", "NGF")
  # the exclusion reasons in order; method concordance applies every one except the combine rule's method
  # restriction (docs/rules.md, "Concordance, failures, composite and flags")
  exclusion <- function(method_rule) {
    excl <- rep(NA_character_, nm)
    put <- function(excl, cond, reason) ifelse(is.na(excl) & cond, reason, excl)
    excl <- put(excl, spec != plan$specimen, "SPECIMEN_NOT_BM")
    excl <- put(excl, plan$centralOnly & central == "N", "LOCAL_LAB")
    if (method_rule) excl <- put(excl, !(method %in% methods_used), "METHOD_NOT_IN_COMBINE_RULE")
    excl <- put(excl, coll < srand, "BEFORE_RANDOMISATION")
    excl <- put(excl, coll > plan$cutoff, "AFTER_CUTOFF")
    excl <- put(excl, !is.na(sprog) & coll >= sprog, "ON_OR_AFTER_PROGRESSION")
    excl <- put(excl, !is.na(snew) & coll >= snew, "ON_OR_AFTER_NEW_THERAPY")
    excl
  }
  excl <- exclusion(TRUE)

  # achieved sensitivity
  ngs_cells <- ifelse(!is.na(cells), cells, dna * 1000 / plan$dnaPerCellPg)
  lod <- ifelse(!is.na(lab_lod), lab_lod,
         ifelse(method == "NGF", plan$lodEvents / cells, plan$lodCells / ngs_cells))
  lod_source <- ifelse(!is.na(lab_lod), "LAB_LOD",
                ifelse(method == "NGF", ifelse(is.na(cells), "NONE", "NGF_EVENTS"),
                ifelse(!is.na(cells), "NGS_CELLS", ifelse(!is.na(dna), "NGS_DNA", "NONE"))))

  sample_status <- function(t, excl) {
    st <- rep(NA_character_, nm)
    rs <- rep(NA_character_, nm)
    set <- function(cond, s, r) {
      w <- is.na(st) & cond
      st[w] <<- s
      rs[w] <<- if (length(r) == nm) r[w] else r
    }
    set(!is.na(excl), "EXCLUDED", excl)
    set(result == "FAILED", "NE", "FAILED")
    set(result == "NOT DONE", "NE", "NOT_DONE")
    set((!is.na(level) & level >= t) | (result == "POSITIVE" & is.na(level)), "POS", NA)
    # NEGATIVE, or POSITIVE with a level below T
    set(is.na(lod), "NE", "NO_CELL_COUNT_OR_LOD")
    set(lod > t * (1 + SLACK), "NE", "LOD_ABOVE_THRESHOLD")
    set(hemo & plan$hemodilutedNegative == "not-evaluable", "NE", "HEMODILUTED_NEGATIVE")
    set(rep(TRUE, nm), "NEG", NA)
    list(status = st, reason = rs)
  }
  status <- lapply(plan$thresholds, sample_status, excl = excl)

  # ---- assessments ------------------------------------------------------------------------------------
  # a list of (subject, date, primary sample row or NA, secondary sample row or NA), made once (pairing does
  # not depend on the threshold)
  eligible <- which(is.na(excl))
  secondary <- setdiff(c("NGS", "NGF"), plan$primaryMethod)
  # samples P of one method paired with samples S of the other within 7 days (7 included), closest first;
  # ties: earlier P, then earlier S (then file order); each sample in at most one pair
  pair_samples <- function(P, S) {
    cand <- expand.grid(p = P, s = S)
    pairs <- list()
    if (nrow(cand)) {
      cand$dist <- abs(coll[cand$p] - coll[cand$s])
      cand <- cand[cand$dist <= 7, ]
      cand <- cand[order(cand$dist, coll[cand$p], coll[cand$s], cand$p, cand$s), ]
      usedP <- integer(0)
      usedS <- integer(0)
      for (k in seq_len(nrow(cand))) {
        if (cand$p[k] %in% usedP || cand$s[k] %in% usedS) next
        usedP <- c(usedP, cand$p[k])
        usedS <- c(usedS, cand$s[k])
        pairs[[length(pairs) + 1]] <- c(cand$p[k], cand$s[k])
      }
    }
    pairs
  }
  assessments <- list()
  for (id in ids) {
    rows <- eligible[mrd$USUBJID[eligible] == id]
    if (!length(rows)) next
    if (plan$combine %in% c("primary-only", "either-negative")) {
      for (r in rows) assessments[[length(assessments) + 1]] <- list(id = id, date = coll[r], p = r, s = NA)
      next
    }
    P <- rows[method[rows] == plan$primaryMethod]
    S <- rows[method[rows] == secondary]
    pairs <- pair_samples(P, S)
    for (pr in pairs) assessments[[length(assessments) + 1]] <- list(id = id, date = coll[pr[1]], p = pr[1], s = pr[2])
    for (r in setdiff(P, sapply(pairs, `[`, 1))) assessments[[length(assessments) + 1]] <- list(id = id, date = coll[r], p = r, s = NA)
    for (r in setdiff(S, sapply(pairs, `[`, 2))) assessments[[length(assessments) + 1]] <- list(id = id, date = coll[r], p = NA, s = r)
  }
  A <- data.frame(
    id = vapply(assessments, `[[`, "", "id"),
    date = vapply(assessments, `[[`, 0, "date"),
    p = vapply(assessments, function(a) as.integer(a$p), 0L),
    s = vapply(assessments, function(a) as.integer(a$s), 0L),
    stringsAsFactors = FALSE
  )
  assessment_status <- function(k) {
    st <- status[[k]]$status
    sp <- ifelse(is.na(A$p), NA, st[A$p])
    ss <- ifelse(is.na(A$s), NA, st[A$s])
    if (plan$combine %in% c("primary-only", "either-negative")) return(sp)
    out <- character(nrow(A))
    for (i in seq_len(nrow(A))) {
      a <- sp[i]
      b <- ss[i]
      if (plan$combine == "both-negative") {
        if (is.na(a) || is.na(b)) {
          x <- if (is.na(a)) b else a # a lone sample: NEG becomes NE (SECOND_METHOD_MISSING)
          out[i] <- if (x == "NEG") "NE" else x
        } else {
          out[i] <- if (a == "NEG" && b == "NEG") "NEG" else if (a == "POS" || b == "POS") "POS" else "NE"
        }
      } else { # primary-then-secondary
        if (!is.na(a) && a %in% c("NEG", "POS")) out[i] <- a
        else if (!is.na(b) && b %in% c("NEG", "POS")) out[i] <- b
        else out[i] <- "NE"
      }
    }
    out
  }
  astatus <- lapply(seq_along(plan$thresholds), assessment_status)

  # ---- best response ----------------------------------------------------------------------------------
  rd <- day(resp$ADT)
  rsub <- resp$USUBJID
  r_ok <- rd >= rand[rsub] & rd <= plan$cutoff & (is.na(prog[rsub]) | rd <= prog[rsub]) & (is.na(newther[rsub]) | rd < newther[rsub])
  best <- sapply(ids, function(id) {
    cats <- resp$AVALC[r_ok & rsub == id]
    if (!length(cats)) NA_character_ else cats[which.max(RANK[cats])]
  })
  cr_day <- sapply(ids, function(id) first_or_na(rd[r_ok & rsub == id & resp$AVALC %in% c("CR", "SCR")]))
  crflag <- !is.na(best) & best %in% c("CR", "SCR")

  # ---- imaging ----------------------------------------------------------------------------------------
  use_imaging <- plan$requireImaging && !is.null(img)
  if (use_imaging) {
    idt <- day(img$ADT)
    img_ok <- img$RESULT == "NEGATIVE" & idt >= rand[img$USUBJID] & idt <= plan$cutoff
    neg_img <- split(idt[img_ok], img$USUBJID[img_ok])
  }
  sustained_endpoint <- if (use_imaging) "SUSTAINED_MRD_NEG" else "SUSTAINED_MRD_NEG_MARROW"

  # ---- composite MRD_NEG_IMAGING_FLC (only when imaging.csv exists) -----------------------------------
  # MRD negative at T, plus a negative imaging assessment with EMD not Y, plus a response assessment with
  # FLCNORM = Y, both on or after randomisation, on or before the cut-off, and strictly before the first
  # progression and the first new therapy. No order between the three parts.
  composite <- if (is.null(img)) NULL else "MRD_NEG_IMAGING_FLC"
  if (!is.null(composite)) {
    in_window <- function(d, id) d >= rand[id] & d <= plan$cutoff & (is.na(prog[id]) | d < prog[id]) & (is.na(newther[id]) | d < newther[id])
    img_c <- img$RESULT == "NEGATIVE" & !yes(img$EMD) & in_window(day(img$ADT), img$USUBJID)
    flc_c <- yes(resp$FLCNORM) & in_window(rd, rsub)
    imaging_flc <- setNames(ids %in% img$USUBJID[img_c] & ids %in% rsub[flc_c], ids)
  }

  # ---- subject level per threshold --------------------------------------------------------------------
  ambiguous <- character(0)
  per_t <- lapply(seq_along(plan$thresholds), function(k) {
    t <- plan$thresholds[k]
    s <- astatus[[k]]
    neg <- evaluable <- sustained <- tp <- setNames(rep(FALSE, ns), ids)
    tpflags <- lapply(plan$timepoints, function(x) setNames(rep(FALSE, ns), ids))
    for (id in ids) {
      w <- A$id == id
      d <- A$date[w]
      st <- s[w]
      neg[id] <- any(st == "NEG")
      evaluable[id] <- any(st %in% c("NEG", "POS"))
      nd <- sort(d[st == "NEG"])
      pd <- d[st == "POS"]
      if (any(pd %in% nd)) ambiguous <<- c(ambiguous, sprintf("%s: POS and NEG assessments on one day at %g", id, t))
      # sustained: two NEG assessments >= minGapDays apart, no POS strictly between, imaging in [d1, d2]
      if (length(nd) >= 2) {
        for (i in seq_along(nd)) for (j in seq_along(nd)) {
          if (j <= i || nd[j] - nd[i] < plan$minGapDays) next
          if (any(pd > nd[i] & pd < nd[j])) next
          if (use_imaging) {
            im <- neg_img[[id]]
            if (is.null(im) || !any(im >= nd[i] & im <= nd[j])) next
          }
          sustained[id] <- TRUE
        }
      }
      for (q in seq_along(plan$timepoints)) {
        tpq <- plan$timepoints[[q]]
        lo <- rand[id] + (tpq$month - tpq$window) * MONTH
        hi <- rand[id] + (tpq$month + tpq$window) * MONTH
        inwin <- any(nd >= lo & nd <= hi)
        tpflags[[q]][id] <- inwin && crflag[id] && !is.na(cr_day[id]) && cr_day[id] <= hi
      }
    }
    names(tpflags) <- vapply(plan$timepoints, function(x) paste0("MRD_NEG_CR_", x$name), "")
    c(list(MRD_NEG = neg, MRD_NEG_CR = neg & crflag), setNames(list(sustained), sustained_endpoint), tpflags,
      if (is.null(composite)) list() else setNames(list(neg & imaging_flc), composite),
      list(EVALUABLE = evaluable))
  })

  # ---- rates ------------------------------------------------------------------------------------------
  endpoints <- c("MRD_NEG", "MRD_NEG_CR", sustained_endpoint, vapply(plan$timepoints, function(x) paste0("MRD_NEG_CR_", x$name), ""),
                 composite)
  populations <- c("ITT", "CR", "EVALUABLE")
  arm <- subj$ARM
  in_pop <- function(p, k) switch(p, ITT = itt, CR = itt & crflag, EVALUABLE = itt & per_t[[k]]$EVALUABLE)
  rates <- list()
  for (e in endpoints) for (p in populations) for (k in seq_along(plan$thresholds)) for (a in c(plan$experimental, plan$control)) {
    w <- in_pop(p, k) & arm == a
    n <- sum(w)
    x <- sum(per_t[[k]][[e]][w])
    ci <- if (n > 0) binom.test(x, n, conf.level = plan$ciLevel)$conf.int else c(NA, NA)
    rates[[length(rates) + 1]] <- list(endpoint = e, population = p, threshold = plan$thresholds[k], arm = a,
      n = n, x = x, rate = if (n > 0) x / n else NA, ciLower = ci[1], ciUpper = ci[2])
  }

  # ---- comparisons ------------------------------------------------------------------------------------
  lab <- function(v) ifelse(blank(v), "(missing)", v)
  stratum <- if (length(plan$strata)) do.call(paste, c(lapply(plan$strata, function(c) lab(subj[[c]])), sep = " / ")) else rep("all", ns)
  # the strata are the levels of the cross-classification found in subjects.csv; "dropped" counts every one
  # with fewer than two subjects in the population, including those with none
  all_strata <- sort(unique(stratum))
  comparisons <- list()
  for (e in endpoints) for (p in populations) for (k in seq_along(plan$thresholds)) {
    w <- in_pop(p, k) & arm %in% c(plan$experimental, plan$control)
    y <- per_t[[k]][[e]][w]
    g <- factor(arm[w], levels = c(plan$experimental, plan$control))
    f <- factor(y, levels = c(TRUE, FALSE))
    st <- stratum[w]
    sizes <- table(factor(st, levels = all_strata))
    keep <- names(sizes)[sizes >= 2] # strata with fewer than two subjects add nothing; R refuses them
    tab <- table(g[st %in% keep], f[st %in% keep], factor(st[st %in% keep], levels = sort(keep)))
    comparisons[[length(comparisons) + 1]] <- c(list(endpoint = e, population = p, threshold = plan$thresholds[k],
      arm = plan$experimental, control = plan$control, strataUsed = length(keep), strataDropped = sum(sizes < 2)), cmh(tab, plan$ciLevel))
  }

  # ---- time-to-event (SPEC.md section 4) ---------------------------------------------------------------
  # Every analysis with the survival package: per group survfit(conf.type = stats.kmConfType, conf.int =
  # stats.ciLevel), quantile() at 0.25/0.5/0.75 (Brookmeyer-Crowley limits) and summary(times = landmarks,
  # extend = TRUE); survdiff (+ strata()) for the log-rank test; coxph(ties = stats.coxTies, + strata()) for the
  # hazard ratio of the non-reference group with its Wald interval (confint); median follow-up by reverse
  # Kaplan-Meier, all subjects of the analysis pooled. A Cox fit that warns (monotone likelihood or no
  # convergence: the coefficient runs off to infinity) has no hazard ratio (NA); its warnings are kept.
  tte_analysis <- function(endpoint, threshold, grouped_by, time, event, group, levels, reference, strata) {
    km_group <- function(label) {
      w <- group == label
      t <- time[w]
      e <- event[w]
      if (!length(t)) {
        return(list(group = label, n = 0L, events = 0L, median = NA, medianLower = NA, medianUpper = NA,
                    quartiles = list(), landmarks = list()))
      }
      fit <- survfit(Surv(t, e) ~ 1, conf.type = plan$kmConfType, conf.int = plan$ciLevel)
      probs <- c(0.25, 0.5, 0.75)
      q <- quantile(fit, probs)
      s <- summary(fit, times = plan$landmarks, extend = TRUE)
      stopifnot(length(s$time) == length(plan$landmarks))
      list(group = label, n = length(t), events = sum(e),
           median = unname(q$quantile[2]), medianLower = unname(q$lower[2]), medianUpper = unname(q$upper[2]),
           quartiles = lapply(seq_along(probs), function(j) list(prob = probs[j], estimate = unname(q$quantile[j]),
                                                                 lower = unname(q$lower[j]), upper = unname(q$upper[j]))),
           landmarks = lapply(seq_along(s$time), function(j) list(time = s$time[j], surv = s$surv[j], lower = s$lower[j],
                                                                  upper = s$upper[j], nRisk = s$n.risk[j])))
    }
    other <- setdiff(levels, reference)
    stopifnot(length(other) == 1)
    out <- list(endpoint = endpoint, threshold = threshold, groupedBy = grouped_by, reference = reference,
                stratified = !is.null(strata), nStrata = if (is.null(strata)) 0L else length(unique(strata)),
                groups = lapply(levels, km_group),
                logrankChisq = NA, logrankP = NA, hrGroup = other, hr = NA, hrLower = NA, hrUpper = NA, hrP = NA,
                notEstimable = NA, coxWarnings = character(0))
    if (all(levels %in% group)) {
      x <- as.integer(group == other)
      sd <- if (is.null(strata)) survdiff(Surv(time, event) ~ x) else survdiff(Surv(time, event) ~ x + strata(strata))
      out$logrankChisq <- sd$chisq
      out$logrankP <- sd$pvalue
      warns <- character(0)
      fit <- withCallingHandlers(
        if (is.null(strata)) coxph(Surv(time, event) ~ x, ties = plan$coxTies)
        else coxph(Surv(time, event) ~ x + strata(strata), ties = plan$coxTies),
        warning = function(w) {
          warns <<- c(warns, conditionMessage(w))
          invokeRestart("muffleWarning")
        })
      out$coxWarnings <- I(warns) # an array in JSON even with one warning
      out$notEstimable <- length(warns) > 0
      if (!out$notEstimable) {
        ci <- exp(confint(fit, level = plan$ciLevel))
        out$hr <- unname(exp(coef(fit)))
        out$hrLower <- ci[1, 1]
        out$hrUpper <- ci[1, 2]
        out$hrP <- unname(summary(fit)$coefficients[1, "Pr(>|z|)"])
      }
    }
    fu <- quantile(survfit(Surv(time, 1 - event) ~ 1, conf.type = plan$kmConfType, conf.int = plan$ciLevel), 0.5)
    out$followUp <- list(estimate = unname(fu$quantile), lower = unname(fu$lower), upper = unname(fu$upper))
    out
  }
  arm_levels <- c(plan$experimental, plan$control)
  tte_results <- list()

  # each tte.csv parameter, ITT, by arm, stratified by the randomisation strata ("(missing)" is a level)
  tsub <- match(tte$USUBJID, ids)
  stopifnot(!anyNA(tsub), !anyDuplicated(paste(tte$USUBJID, tte$PARAMCD)))
  tmonths <- (day(tte$ADT) - day(tte$STARTDT)) / MONTH
  stopifnot(all(tmonths >= 0))
  tevent <- as.integer(tte$CNSR == "0")
  stopifnot(all(tte$CNSR %in% c("0", "1")))
  for (param in sort(unique(tte$PARAMCD))) {
    w <- tte$PARAMCD == param & itt[tsub]
    tte_results[[length(tte_results) + 1]] <- tte_analysis(param, NA, "arm", tmonths[w], tevent[w], arm[tsub[w]],
      arm_levels, plan$control, if (length(plan$strata)) stratum[tsub[w]] else NULL)
  }

  # duration of MRD negativity at each threshold, ITT subjects with a NEG assessment, by arm, unstratified
  progression_events <- plan$durationEvent == "reappearance-progression-death"
  duration <- list()
  for (k in seq_along(plan$thresholds)) {
    s <- astatus[[k]]
    rows <- list()
    for (i in which(itt)) {
      id <- ids[i]
      w <- A$id == id
      d <- A$date[w]
      st <- s[w]
      nd <- d[st == "NEG"]
      if (!length(nd)) next
      first <- min(nd)
      pd <- d[st == "POS"]
      # a POS on the day of the first NEG would depend on the same-day order; the studies have none
      if (any(pd == first)) stop(sprintf("%s: POS on the day of the first NEG at %g", id, plan$thresholds[k]))
      later <- pd[pd > first]
      if (length(later)) {
        end <- min(later)
        ev <- 1L
      } else {
        end <- max(nd) # the last evaluable assessment: no POS after the first NEG, so the last NEG
        ev <- 0L
      }
      if (progression_events && !is.na(prog[id]) && prog[id] > first && (ev == 0L || prog[id] < end)) {
        end <- prog[id]
        ev <- 1L
      }
      rows[[length(rows) + 1]] <- data.frame(id = id, arm = arm[i], time = (end - first) / MONTH, event = ev)
    }
    D <- do.call(rbind, rows)
    duration[[k]] <- D
    tte_results[[length(tte_results) + 1]] <- tte_analysis("MRD_NEG_DURATION", plan$thresholds[k], "arm", D$time, D$event,
      D$arm, arm_levels, plan$control, NULL)
  }

  # PFS by MRD status at the landmark L: ITT subjects with PFS > L, or exactly L and censored; MRD_NEG when the
  # first NEG assessment at the primary threshold is on or before randomisation + L months; time from L;
  # stratified by arm
  if (!is.na(plan$mrdLandmark) && "PFS" %in% tte$PARAMCD) {
    L <- plan$mrdLandmark
    kp <- match(plan$primaryThreshold, plan$thresholds)
    stopifnot(!is.na(kp))
    w <- tte$PARAMCD == "PFS" & itt[tsub]
    keep <- w & (tmonths > L | (tmonths == L & tevent == 0))
    first_neg <- sapply(ids[tsub[keep]], function(id) first_or_na(A$date[A$id == id & astatus[[kp]] == "NEG"]))
    neg_by <- !is.na(first_neg) & first_neg <= rand[tsub[keep]] + L * MONTH
    tte_results[[length(tte_results) + 1]] <- tte_analysis(paste0("PFS_BY_MRD_", L, "M"), plan$primaryThreshold, "mrd",
      tmonths[keep] - L, tevent[keep], ifelse(neg_by, "MRD_NEG", "NOT_MRD_NEG"), c("NOT_MRD_NEG", "MRD_NEG"), "NOT_MRD_NEG",
      arm[tsub[keep]])
  }

  # ---- method concordance (SPEC.md section 4 "agreement"; docs/rules.md) --------------------------------
  # NGF and NGS samples of one subject within 7 days, paired closest first (ties as in the combine rule, NGS
  # in the place of the primary), among samples that pass every exclusion rule except the combine rule's
  # method restriction; pairing does not depend on T. A pair counts at T when both samples are NEG or POS.
  # 2x2 table: a both NEG, b NGF NEG & NGS POS, c NGF POS & NGS NEG, d both POS. Agreements with
  # binom.test (NGS the comparator): overall (a+d)/n, positive d/(b+d), negative a/(a+c). Cohen's kappa with
  # the asymptotic standard error of Fleiss, Cohen & Everitt (1969) as SAS FREQ AGREE reports it, written out
  # below and checked against vcd::Kappa; Wald limits kappa -+ z ASE, not truncated to [-1, 1] (SAS; vcd's
  # confint truncates). McNemar: mcnemar.test(correct = FALSE); exact p = binom.test(b, b + c).
  conc_excl <- exclusion(FALSE)
  conc_ok <- which(is.na(conc_excl))
  conc_pairs <- list()
  for (id in ids) {
    rows <- conc_ok[mrd$USUBJID[conc_ok] == id]
    conc_pairs <- c(conc_pairs, pair_samples(rows[method[rows] == "NGS"], rows[method[rows] == "NGF"]))
  }
  pair_ngs <- vapply(conc_pairs, `[`, 0L, 1)
  pair_ngf <- vapply(conc_pairs, `[`, 0L, 2)
  conc_status <- lapply(plan$thresholds, function(t) sample_status(t, conc_excl)$status)
  proportion <- function(x, n) {
    ci <- if (n > 0) binom.test(x, n, conf.level = plan$ciLevel)$conf.int else c(NA, NA)
    list(x = x, n = n, rate = if (n > 0) x / n else NA, ciLower = ci[1], ciUpper = ci[2])
  }
  concordance <- lapply(seq_along(plan$thresholds), function(k) {
    sg <- conc_status[[k]][pair_ngs]
    sf <- conc_status[[k]][pair_ngf]
    ok <- sg %in% c("NEG", "POS") & sf %in% c("NEG", "POS")
    a <- sum(ok & sf == "NEG" & sg == "NEG")
    b <- sum(ok & sf == "NEG" & sg == "POS")
    c <- sum(ok & sf == "POS" & sg == "NEG")
    d <- sum(ok & sf == "POS" & sg == "POS")
    n <- a + b + c + d
    tab <- matrix(c(a, c, b, d), 2, dimnames = list(NGF = c("NEG", "POS"), NGS = c("NEG", "POS")))
    # Cohen's kappa, SAS formula: ASE^2 = (A + B - C) / ((1 - Pe)^2 n)
    p <- tab / n
    pr <- rowSums(p)
    pc <- colSums(p)
    po <- sum(diag(p))
    pe <- sum(pr * pc)
    kap <- (po - pe) / (1 - pe)
    A <- sum(diag(p) * (1 - (pr + pc) * (1 - kap))^2)
    B <- (1 - kap)^2 * sum(p * outer(pc, pr, "+")^2 * (1 - diag(2)))
    C <- (kap - pe * (1 - kap))^2
    ase <- sqrt((A + B - C) / ((1 - pe)^2 * n))
    kv <- vcd::Kappa(tab)$Unweighted
    stopifnot(abs(kv[["value"]] - kap) <= 1e-12 * abs(kap), abs(kv[["ASE"]] - ase) <= 1e-12 * ase)
    z <- qnorm((1 + plan$ciLevel) / 2)
    if (b + c == 0) stop(sprintf("no discordant pair at %g: McNemar undefined in R", plan$thresholds[k]))
    mc <- mcnemar.test(tab, correct = FALSE)
    list(threshold = plan$thresholds[k], pairs = length(conc_pairs), n = n,
         bothNegative = a, ngfNegativeNgsPositive = b, ngfPositiveNgsNegative = c, bothPositive = d,
         overall = proportion(a + d, n), positive = proportion(d, b + d), negative = proportion(a, a + c),
         kappa = kap, ase = ase, kappaLower = kap - z * ase, kappaUpper = kap + z * ase,
         mcnemarStatistic = unname(mc$statistic), mcnemarP = mc$p.value, mcnemarExactP = binom.test(b, b + c)$p.value)
  })

  # ---- assay failures ----------------------------------------------------------------------------------
  # every row of mrd.csv (all specimens, labs, dates); FAILED counted by method, reason ("(not given)" when
  # FAILRSN is empty) and arm (randomised arm, every subject); failure rate = FAILED / rows that are not NOT
  # DONE, by method, method x arm (each arm of the plan) and method x lab (labs found for that method), with
  # binom.test; `by` is "method", "arm" or "lab" (the test maps them to the pipeline's "method × arm", ...).
  # Sorted by radix (C-locale) order so that the file does not depend on the locale.
  marm <- subj$ARM[match(mrd$USUBJID, ids)]
  frsn <- ifelse(blank(mrd$FAILRSN), "(not given)", mrd$FAILRSN)
  failed <- result == "FAILED"
  keys <- unique(data.frame(method = method[failed], reason = frsn[failed], arm = marm[failed], stringsAsFactors = FALSE))
  keys <- keys[order(keys$method, keys$reason, keys$arm, method = "radix"), ]
  failures <- lapply(seq_len(nrow(keys)), function(i) list(method = keys$method[i], reason = keys$reason[i], arm = keys$arm[i],
    count = sum(failed & method == keys$method[i] & frsn == keys$reason[i] & marm == keys$arm[i])))
  tested <- result != "NOT DONE"
  failure_rate <- function(by, m, level, w) c(list(by = by, method = m, level = level), { p <- proportion(sum(failed & w), sum(tested & w)); list(tests = p$n, failed = p$x, rate = p$rate, ciLower = p$ciLower, ciUpper = p$ciUpper) })
  failure_rates <- list()
  for (m in sort(unique(method), method = "radix")) {
    failure_rates[[length(failure_rates) + 1]] <- failure_rate("method", m, "", method == m)
    for (a in arm_levels) failure_rates[[length(failure_rates) + 1]] <- failure_rate("arm", m, a, method == m & marm == a)
    for (l in sort(unique(mrd$LAB[method == m]), method = "radix")) failure_rates[[length(failure_rates) + 1]] <- failure_rate("lab", m, l, method == m & mrd$LAB == l)
  }

  # ---- conversion ---------------------------------------------------------------------------------------
  # per threshold and arm: ITT subjects with a POS assessment (n), those with a NEG assessment on a later day
  # than their first POS (x). A NEG on the day of the first POS would depend on the same-day order: refused.
  conversion <- list()
  for (k in seq_along(plan$thresholds)) {
    s <- astatus[[k]]
    ever_pos <- converted <- setNames(rep(FALSE, ns), ids)
    for (id in ids) {
      w <- A$id == id
      pd <- A$date[w][s[w] == "POS"]
      if (!length(pd)) next
      ever_pos[id] <- TRUE
      nd <- A$date[w][s[w] == "NEG"]
      if (any(nd == min(pd))) stop(sprintf("%s: NEG on the day of the first POS at %g", id, plan$thresholds[k]))
      converted[id] <- any(nd > min(pd))
    }
    for (a in arm_levels) {
      w <- itt & arm == a & ever_pos
      conversion[[length(conversion) + 1]] <- c(list(threshold = plan$thresholds[k], arm = a), proportion(sum(converted[w]), sum(w)))
    }
  }

  # ---- flags -------------------------------------------------------------------------------------------
  # NGF samples (every row of mrd.csv with METHOD = NGF: the rule names no specimen, lab or date restriction)
  # collected from the start of an anti-CD38 therapy (therapy.csv CLASS = ANTI-CD38, any NEWTHER) to 180 days
  # after its end, ends included; no ENDT: ongoing. daysAfterEnd = collection - ENDT (NA when ongoing). A
  # sample inside the windows of two anti-CD38 therapies would need a choice the rules do not make: refused.
  ngf_flags <- list()
  masked <- list()
  if (!is.null(ther)) {
    cd38 <- ther[toupper(ther$CLASS) == "ANTI-CD38", ]
    hits <- integer(0)
    for (j in seq_len(nrow(cd38))) {
      st <- day(cd38$STDT[j])
      en <- day(cd38$ENDT[j])
      w <- which(mrd$USUBJID == cd38$USUBJID[j] & method == "NGF" & coll >= st & (is.na(en) | coll <= en + 180))
      hits <- c(hits, w)
      for (i in w) ngf_flags[[length(ngf_flags) + 1]] <- list(subject = mrd$USUBJID[i], sample = mrd$SAMPLEID[i], line = i + 1,
        collected = mrd$COLLDT[i], drug = cd38$DRUG[j], daysAfterEnd = if (is.na(en)) NA else coll[i] - en)
    }
    if (anyDuplicated(hits)) stop("an NGF sample in the windows of two anti-CD38 therapies")
    ngf_flags <- ngf_flags[order(vapply(ngf_flags, `[[`, 0, "line"))]
    # IgG-kappa subjects treated with an anti-CD38 antibody (any row, any date), best response VGPR, last IFE
    # (response row with a non-empty IFE) on or before the cut-off positive
    for (i in seq_len(ns)) {
      id <- ids[i]
      drugs <- unique(cd38$DRUG[cd38$USUBJID == id])
      if (toupper(subj$ISOTYPE[i]) != "IGG-KAPPA" || !length(drugs) || is.na(best[id]) || best[id] != "VGPR") next
      w <- rsub == id & !blank(resp$IFE) & rd <= plan$cutoff
      if (!any(w)) next
      last <- max(rd[w])
      ife <- unique(toupper(resp$IFE[w & rd == last]))
      if (length(ife) != 1) stop(sprintf("%s: IFE POS and NEG on the last IFE day", id))
      if (ife != "POS") next
      if (length(drugs) != 1) stop(sprintf("%s: masked-CR flag with more than one anti-CD38 drug", id))
      masked[[length(masked) + 1]] <- list(subject = id, bestResponse = "VGPR", lastIfeDate = resp$ADT[w & rd == last][1], drug = drugs)
    }
  }

  samples <- lapply(seq_len(nm), function(i) list(
    line = i + 1, subject = mrd$USUBJID[i], sample = mrd$SAMPLEID[i], exclusion = excl[i], lod = lod[i], lodSource = lod_source[i],
    status = vapply(status, function(s) s$status[i], ""), reason = vapply(status, function(s) s$reason[i], "")))
  subjects <- lapply(seq_len(ns), function(i) {
    id <- ids[i]
    c(list(subject = id, arm = arm[i], itt = itt[i], bestResponse = unname(best[id]), crDay = unname(cr_day[id])),
      setNames(lapply(c(endpoints, "EVALUABLE"), function(e) vapply(per_t, function(f) f[[e]][[id]], TRUE)), c(endpoints, "EVALUABLE")))
  })
  list(study = basename(dir), thresholds = plan$thresholds, combine = plan$combine, sustainedEndpoint = sustained_endpoint,
       samples = samples, subjects = subjects, rates = rates, comparisons = comparisons,
       timeToEvent = tte_results, compositeEndpoint = if (is.null(composite)) NA else composite, concordance = concordance,
       failures = failures, failureRates = failure_rates, conversion = conversion,
       flags = list(ngfAntiCd38 = ngf_flags, maskedCr = masked), nAssessments = nrow(A), ambiguous = unique(ambiguous))
}

# ---------------------------------------------------------------------------------------------------------
# CMH statistic/p-value, MH odds ratio with the Robins-Breslow-Greenland interval, on a 2 x 2 x K table.
# mantelhaen.test needs K >= 2; for K = 1 the same quantities are computed from the formulas that
# mantelhaen.test uses (checked against it on every K >= 2 table below), for K = 0 everything is NA.
cmh_formula <- function(x, level) {
  n <- apply(x, 3, sum)
  a <- x[1, 1, ]; b <- x[1, 2, ]; c <- x[2, 1, ]; d <- x[2, 2, ]
  m <- a + c; n1 <- a + b
  delta <- sum(a - n1 * m / n)
  v <- sum(n1 * (n - n1) * m * (n - m) / (n^2 * (n - 1)))
  stat <- delta^2 / v
  s.diag <- sum(a * d / n); s.offd <- sum(b * c / n)
  est <- s.diag / s.offd
  sd <- sqrt(sum((a + d) * a * d / n^2) / (2 * s.diag^2) +
             sum(((a + d) * b * c + (b + c) * a * d) / n^2) / (2 * s.diag * s.offd) +
             sum((b + c) * b * c / n^2) / (2 * s.offd^2))
  z <- qnorm((1 + level) / 2)
  list(cmhStatistic = stat, cmhP = pchisq(stat, 1, lower.tail = FALSE), orMH = est, orLower = est * exp(-z * sd), orUpper = est * exp(z * sd))
}
cmh <- function(x, level) {
  K <- dim(x)[3]
  if (K == 0) return(list(cmhStatistic = NA, cmhP = NA, orMH = NA, orLower = NA, orUpper = NA))
  f <- cmh_formula(x, level)
  if (K == 1) return(f)
  r <- suppressWarnings(mantelhaen.test(x, correct = FALSE, conf.level = level))
  out <- list(cmhStatistic = unname(r$statistic), cmhP = r$p.value, orMH = unname(r$estimate), orLower = r$conf.int[1], orUpper = r$conf.int[2])
  same <- mapply(function(u, v) (is.na(u) && is.na(v)) || (!is.na(u) && !is.na(v) && (u == v || abs(u - v) <= 1e-12 * abs(v))), f, out)
  if (!all(same)) stop("own CMH/MH formulas differ from mantelhaen.test")
  out
}

fixture <- lapply(STUDIES, derive_study)

# non-finite figures (a degenerate odds ratio) are written as null with their kind kept in a string
clean <- function(x) {
  if (is.list(x)) return(lapply(x, clean))
  if (is.numeric(x) && length(x) == 1 && !is.na(x) && is.infinite(x)) return(if (x > 0) "Infinity" else "-Infinity")
  x
}
fixture <- clean(fixture)

# coverage summary (printed, for the report)
for (nm in names(fixture)) {
  f <- fixture[[nm]]
  cat("==", nm, f$study, f$combine, "\n")
  cat("samples:", length(f$samples), " subjects:", length(f$subjects), " assessments:", f$nAssessments, "\n")
  ex <- vapply(f$samples, function(s) if (is.na(s$exclusion)) "(eligible)" else s$exclusion, "")
  print(table(ex))
  print(table(vapply(f$samples, function(s) s$lodSource, "")))
  for (k in seq_along(f$thresholds)) {
    cat("threshold", f$thresholds[k], "\n")
    print(table(vapply(f$samples, function(s) if (is.na(s$reason[k])) s$status[k] else paste(s$status[k], s$reason[k]), "")))
  }
  for (cc in f$concordance) cat(sprintf("concordance at %g: %d pairs, %d evaluable, a b c d = %d %d %d %d, kappa %.4f\n", cc$threshold,
    cc$pairs, cc$n, cc$bothNegative, cc$ngfNegativeNgsPositive, cc$ngfPositiveNgsNegative, cc$bothPositive, cc$kappa))
  cat("failures:", paste(vapply(f$failures, function(x) sprintf("%s/%s/%s=%d", x$method, x$reason, x$arm, x$count), ""), collapse = " "), "\n")
  cat("conversion:", paste(vapply(f$conversion, function(x) sprintf("%g %s %d/%d", x$threshold, x$arm, x$x, x$n), ""), collapse = "; "), "\n")
  cat("NGF anti-CD38 flags:", length(f$flags$ngfAntiCd38), " masked-CR flags:", length(f$flags$maskedCr), "\n")
  comp <- Filter(function(r) r$endpoint == f$compositeEndpoint && r$population == "ITT", f$rates)
  cat("composite ITT:", paste(vapply(comp, function(x) sprintf("%g %s %d/%d", x$threshold, x$arm, x$x, x$n), ""), collapse = "; "), "\n")
  if (length(f$ambiguous)) cat("AMBIGUOUS:", f$ambiguous, sep = "\n  ")
}

dir.create("fixtures", showWarnings = FALSE)
writeLines(toJSON(fixture, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE), "fixtures/rulesCheck.json")
cat("wrote fixtures/rulesCheck.json\n")
