# SAS transport files written by R haven (ReadStat), for the XPORT reader's tests
# (test/oracle/xport.test.ts): numbers across the IBM floating-point range, missing values, dates,
# date-times, character values up to the version limits, UTF-8 text; version 5 and version 8.
# Writes fixtures/xport/*.xpt and fixtures/xport.json (every number as 17 significant digits, so the
# comparison can be exact). Magnitudes stay below 1e75: haven writes 7e75 (which IBM holds) as the
# largest IBM number and reads that back as Inf, a convention of its own (SAS has no infinity).
# haven stamps each file with the current time; the stamps are overwritten with a fixed one so that
# regenerating gives the same bytes.
suppressPackageStartupMessages({ library(haven); library(jsonlite) })
set.seed(20261203)

n <- 400
x <- c(0, 1, -1, 0.5, -118.625, 3.2e-6, 1e-5, 9.999999999999999e-6, 2^52 + 1, -2^53, pi, exp(1), 1/3,
       123456789.123456789, 5.397605346934028e-79 * 16, 7e70, -7e70, NA,
       runif(n - 18) * 10^sample(-70:70, n - 18, TRUE) * sample(c(-1, 1), n - 18, TRUE))
d <- data.frame(
  ID = sprintf("S%04d", seq_len(n)),
  X = x,
  INT = sample(c(0:1000, NA), n, TRUE),
  ADT = as.Date("1960-01-01") + sample(c(-3000:30000), n, TRUE),
  ADTM = as.POSIXct("2020-01-01 00:00:00", tz = "UTC") + sample(0:10^8, n, TRUE),
  TXT = sample(c("高危", "标危", "CR", "sCR", "", "Müller"), n, TRUE),
  stringsAsFactors = FALSE
)
d$ADT[3] <- NA
d$LONG <- ""
d$LONG[1] <- strrep("x", 200)
attr(d$X, "label") <- "A numeric value"
attr(d$ADT, "label") <- "Analysis Date"

fixStamps <- function(path) {
  r <- readBin(path, "raw", file.info(path)$size)
  stamp <- charToRaw("01JAN24:00:00:00")
  for (off in c(144, 160, 464, 480)) r[(off + 1):(off + 16)] <- stamp
  writeBin(r, path)
}

write_xpt(d, "fixtures/xport/haven_v5.xpt", version = 5, name = "HAVEN5", label = "Written by haven, version 5")
fixStamps("fixtures/xport/haven_v5.xpt")

d8 <- d
names(d8)[names(d8) == "INT"] <- "A_LONGER_VARIABLE_NAME"
attr(d8$X, "label") <- "A label that is longer than the forty characters version 5 allows"
d8$LONG[1] <- strrep("y", 300)
write_xpt(d8, "fixtures/xport/haven_v8.xpt", version = 8, name = "HAVEN8", label = "Written by haven, version 8")
fixStamps("fixtures/xport/haven_v8.xpt")

num <- function(v) ifelse(is.na(v), NA, sprintf("%.17g", v))
back5 <- read_xpt("fixtures/xport/haven_v5.xpt")
back8 <- read_xpt("fixtures/xport/haven_v8.xpt")
expected <- function(b, file) list(
  file = file,
  names = names(b),
  labels = unname(sapply(b, function(v) if (is.null(attr(v, "label"))) "" else attr(v, "label"))),
  rows = nrow(b),
  ID = b$ID, X = num(b$X), INT = num(b[[3]]),
  ADT = ifelse(is.na(b$ADT), NA, format(b$ADT, "%Y-%m-%d")),
  ADTM = num(as.numeric(b$ADTM)),
  TXT = b$TXT, LONG = b$LONG
)
out <- list(cases = list(expected(back5, "haven_v5.xpt"), expected(back8, "haven_v8.xpt")))
writeLines(toJSON(out, auto_unbox = TRUE, na = "null", digits = NA, pretty = FALSE), "fixtures/xport.json")
