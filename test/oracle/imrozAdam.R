# A second copy of the imroz-adam ADaM data sets, written by R haven (version 8 transport) from what
# haven reads in the copies our own writer made (data-samples/imroz-adam/*.xpt): haven must read our
# version 5 files, and our reader must read haven's version 8 files, to the same analysis
# (test/labels/imrozAdam.test.ts). The time stamps haven writes are fixed, so regenerating gives the
# same bytes.
suppressPackageStartupMessages({ library(haven); library(jsonlite) })
fixStamps <- function(path) {
  r <- readBin(path, "raw", file.info(path)$size)
  stamp <- charToRaw("26JAN24:00:00:00")
  for (off in c(144, 160, 464, 480)) r[(off + 1):(off + 16)] <- stamp
  writeBin(r, path)
}
summary <- list()
for (ds in c("adsl", "adrs", "adtte")) {
  d <- read_xpt(file.path("..", "..", "data-samples", "imroz-adam", paste0(ds, ".xpt")))
  out <- file.path("fixtures", "imrozAdam", paste0(ds, ".xpt"))
  write_xpt(d, out, version = 8, name = toupper(ds))
  fixStamps(out)
  summary[[ds]] <- list(rows = nrow(d), columns = names(d))
}
tte <- read_xpt(file.path("..", "..", "data-samples", "imroz-adam", "adtte.xpt"))
summary$events <- as.list(tapply(tte$CNSR == 0, tte$PARAMCD, sum))
adsl <- read_xpt(file.path("..", "..", "data-samples", "imroz-adam", "adsl.xpt"))
summary$randomised <- as.list(table(adsl$ARMCD[adsl$RANDFL == "Y"]))
writeLines(toJSON(summary, auto_unbox = TRUE, digits = NA), "fixtures/imrozAdam.json")
