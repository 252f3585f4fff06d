import type { Analysis } from '../pipeline/analyse.js';
import { buildResults, planOptions } from './buildResults.js';
import { LABELS } from './labels.js';
import { toCsv } from './render/csv.js';
import { escapeHtml, htmlText, renderHtml, tableHtml } from './render/html.js';
import { mrdRatesTable } from './tables/mrdRatesTable.js';
import { mrdComparisonsTable } from './tables/mrdComparisonsTable.js';
import { landmarkTable, survivalTable } from './tables/survivalTable.js';
import { efficacySummaryTable } from './tables/efficacySummaryTable.js';
import { concordanceTable, failuresTable, flagsTable } from './tables/qualityTables.js';
import { rejectedListing, SAMPLE_LISTING_FILE, sampleListing, sampleListingCsv } from './tables/sampleListing.js';
import type { OutputContent, StagedFile } from '../pipeline/write/writeOutputs.js';
import type { ReportTable } from './tables/table.js';
import { renderFigureRtf, renderRtf } from './render/rtf.js';
import { renderDocx, renderFigureDocx } from './render/docx.js';
import type { FigureDocument } from './render/page.js';
import { figureNeeds, type Plan } from '../model/plan.js';
import { figureSpecs, type FigureSpec } from './figures/figureSpecs.js';
import { figureFiles, inProcessFigureRenderer, type DrawnFigures, type FigureRenderer, type RenderedFigure } from './figures/figureRenderer.js';
import { firstPngFailure } from './figures/svgRender.js';
import { adamFiles } from './adam/adamFiles.js';
import { buildArd } from './ard/buildArd.js';

export interface OutputOptions {
  lang: 'en' | 'zh';
  version: string;
  /**
   * Renders the figure specs: `mrd run` passes its worker thread (figureRenderer.ts), started before the
   * study was read; without it they are rendered in this thread. Either way the files are the same bytes.
   */
  figures?: FigureRenderer;
  /**
   * The figures drawn from the samples alone (sampleFigureSpecs), already given to `figures` while the
   * analysis went on; the other figures are drawn after them.
   */
  sampleFigures?: DrawnFigures;
  /** the run's date (YYYY-MM-DD) for the page footers; none: the footer names the program alone */
  runDate?: string;
  /**
   * tables/mrd_samples.csv when it is written elsewhere: `mrd run` writes a large listing on a worker
   * thread while the study is analysed (sampleListingThread.ts). None: written with the other files.
   */
  sampleListing?: StagedFile;
}

/** "Table 14.2.1.2: title" (or the plan's own number and title). */
function numbered(t: ReportTable, plan: Analysis['plan'], lang: 'en' | 'zh'): ReportTable {
  const n = plan.report.tables[t.id];
  if (!n) return t;
  const title = n.title ?? t.title;
  return { ...t, number: n.number, title: lang === 'zh' ? `表 ${n.number} ${title}` : `Table ${n.number}: ${title}`, orientation: n.orientation };
}

/**
 * A figure's caption, for its documents (with the PNG) and report.html: "Figure k: title", and as
 * footnotes the figure's subtitle lines and the methods behind it (the footnotes of the table holding
 * the same statistics).
 */
function figureDocument(id: string, spec: unknown, k: number, plan: Plan, L: (typeof LABELS)['en'], lang: 'en' | 'zh'): Omit<FigureDocument, 'png'> {
  const t = (spec as { title?: string | { text?: string | string[]; subtitle?: string | string[] } }).title;
  const lines = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const text = typeof t === 'string' ? t : lines(t?.text).join(' ');
  const subtitle = typeof t === 'string' ? [] : lines(t?.subtitle);
  const methods = id.startsWith('km_')
    ? L.survivalFootnotes(plan.stats.kmConfType, plan.stats.coxTies, plan.strata.length ? plan.strata.join(', ') : null, plan.mrdLandmark).slice(0, 3)
    : id === 'forest_subgroups'
      ? L.comparisonFootnotes(plan.stats.cmhCorrection, plan.stats.ciLevel).slice(1, 2)
      : id === 'mrd_rates_by_threshold'
        ? [L.footCi(plan.stats.ciLevel, plan.stats.proportionCi)]
        : id === 'failure_reasons'
          ? L.failuresFootnotes
          : [];
  const own = plan.report.figures[id];
  const number = own?.number ?? String(k);
  const title = own?.title ?? text;
  return { id, title: lang === 'zh' ? `图 ${number} ${title}` : `Figure ${number}: ${title}`, footnotes: [...subtitle, ...methods] };
}

/** Footer text: the program and version, the output file, the run date. */
function programLine(lang: 'en' | 'zh', version: string, file: string, runDate: string | undefined): string {
  if (lang === 'zh') return `程序：mrd-pipeline ${version}；输出：${file}${runDate ? `；运行日期：${runDate}` : ''}`;
  return `Program: mrd-pipeline ${version}; output: ${file}${runDate ? `; run ${runDate}` : ''}`;
}


function simpleTable(id: string, title: string, columns: string[], rows: string[][]): ReportTable {
  return { id, title, subtitle: '', columns, rows, footnotes: [] };
}

/**
 * Vega numbers clip paths and gradients from 1 in every figure, so ids repeat when several SVGs share
 * one HTML page; prefix them with the figure id there (the standalone .svg files keep theirs).
 */
function scopeSvgIds(svg: string, figure: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${figure}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${figure}-$1)`).replace(/href="#([^"]+)"/g, `href="#${figure}-$1"`);
}

/**
 * Every output file of `mrd run`, as relative path → content. Submission tables are written as CSV,
 * RTF and DOCX; the listings (one row per sample or rejected row, up to millions) as CSV only.
 */
export async function buildOutputs(a: Analysis, opt: OutputOptions): Promise<Map<string, OutputContent>> {
  const { ready, later } = await startOutputs(a, opt);
  for await (const batch of later) for (const [name, content] of batch) ready.set(name, content);
  return ready;
}

/**
 * The output files in two parts: `ready`, everything that does not need a figure (results, tables,
 * listings, ADaM data sets), and `later`, the figures' files, their documents and report.html, which
 * wait for the figure renderer and come in batches: report.html once the SVGs are drawn, then each
 * figure's files once its PNG is. `mrd run` writes the ready files while the figures are still being
 * drawn (at 10^6 subjects the listing and the data sets are gigabytes; the figures take seconds), and
 * each batch as it comes.
 */
export async function startOutputs(a: Analysis, opt: OutputOptions): Promise<{ ready: Map<string, OutputContent>; later: AsyncIterable<Map<string, OutputContent>> }> {
  // No function made here may refer to `a`: `later` and the listing's writer outlive this call, and a
  // closure over `a` would keep every array of the analysis alive while the files are written (at 10^6
  // subjects the listing alone is 1.4 GB of writing, and it needs a third of the arrays).
  const plan = a.plan;
  const L = LABELS[opt.lang];
  const files = new Map<string, OutputContent>();
  // Figures first: they are rendered (by the workers of `mrd run`, or here with the PNGs on the thread pool)
  // while the tables below are built; only what report.figureFormats asks for is drawn.
  const formats = plan.report.figureFormats;
  const needs = figureNeeds(formats);
  const specs = formats.length ? figureSpecs(a, opt.lang, opt.sampleFigures?.specs) : [];
  const pendingFigures = needs.draw && specs.length ? renderFigures(specs, opt.figures ?? inProcessFigureRenderer(), needs.png, opt.sampleFigures) : Promise.resolve([]);
  pendingFigures.catch(() => {}); // awaited in `later`; a failure while the tables are built is not an unhandled rejection
  const results = buildResults(a, opt.version) as { sampleExclusions: { reason: string; count: number }[] };
  files.set('results.json', JSON.stringify(results, null, 2) + '\n');
  files.set('ard.json', JSON.stringify(buildArd(a, opt.version), null, 2) + '\n');

  const num = (t: ReportTable) => numbered(t, plan, opt.lang);
  const summary = num(efficacySummaryTable(a, L));
  const rates = num(mrdRatesTable(a, L));
  const comparisons = num(mrdComparisonsTable(a, L));
  const tte = num(survivalTable(a, L));
  const landmarks = num(landmarkTable(a, L));
  const concordance = num(concordanceTable(a, L));
  const failures = num(failuresTable(a, L));
  const flags = num(flagsTable(a, L));
  const samples = sampleListing(a, L, 200);
  const rejected = rejectedListing(a, L);
  const submissionTables = [summary, rates, comparisons, tte, landmarks, concordance, failures, flags];
  for (const t of [...submissionTables, rejected]) files.set(`tables/${t.id}.csv`, toCsv(t.columns, t.rows));
  files.set(SAMPLE_LISTING_FILE, opt.sampleListing ?? sampleListingCsv(a));
  for (const [name, content] of adamFiles(a, opt.version)) files.set(name, content);
  const render = (file: string) => ({ lang: opt.lang, studyTitle: plan.study, cutoff: plan.cutoff, program: programLine(opt.lang, opt.version, file, opt.runDate) });
  for (const t of submissionTables) {
    files.set(`tables/${t.id}.rtf`, renderRtf(t, render(`tables/${t.id}.rtf`)));
    files.set(`tables/${t.id}.docx`, await renderDocx(t, render(`tables/${t.id}.docx`)));
  }

  const R = L.report;
  const accounting = simpleTable('accounting', R.accountingTitle, R.accountingColumns, a.accounting.map((r) => [r.file, String(r.rowsRead), String(r.rowsUsed), String(r.rowsRejected), String(r.rowsSkipped)]));
  const exclusions = simpleTable('sample_exclusions', R.exclusionsTitle, R.exclusionsColumns, results.sampleExclusions.map((e) => [L.reason(e.reason), String(e.count)]));
  const inputs = simpleTable('provenance', R.provenanceTitle, R.provenanceColumns, a.inputs.map((i) => [i.file, i.table ?? (i.format === 'yaml' ? (i.file.startsWith('mapping') ? 'mapping' : 'plan') : ''), i.format ?? '', i.layout ?? '', String(i.rows), i.sha256]));
  const definitions = `<section id="definitions"><h2>${escapeHtml(R.definitionsHeading)}</h2><dl>${R.definitions.map(([t, d]) => `<dt>${escapeHtml(t)}</dt><dd>${escapeHtml(d)}</dd>`).join('')}</dl></section>`;
  const tableSection = (t: ReportTable) => ({ id: t.id, heading: t.title, html: tableHtml(t) });

  const captions = specs.map(({ id, spec }, k) => figureDocument(id, spec, k + 1, plan, L, opt.lang));
  const studyLine = R.studyLine(plan.study, plan.cutoff, opt.version);
  const planText = JSON.stringify(planOptions(a), null, 2);
  // one batch of files at a time: report.html as soon as the SVGs are drawn, then each figure's files
  // (with its RTF and DOCX documents) as soon as its PNG is, so that they are written while the other
  // PNGs are still being drawn
  async function* laterFiles(): AsyncGenerator<Map<string, OutputContent>> {
    const figures = await pendingFigures;
    // one section per figure drawn, numbered as its documents are, with the method notes as caption
    const figureSections = figures.map(({ svg }, k) => {
      const d = captions[k];
      return {
        id: `fig-${d.id}`,
        heading: d.title,
        html: `<section id="fig-${escapeHtml(d.id)}"><h2>${htmlText(d.title)}</h2><figure>${scopeSvgIds(svg, d.id)}<figcaption class="footnotes">${d.footnotes.map((f) => htmlText(f)).join('<br>')}</figcaption></figure></section>`,
      };
    });
    const sections = [
      { id: 'summary', heading: R.studyHeading, html: `<section id="summary"><h2>${escapeHtml(R.studyHeading)}</h2><p>${escapeHtml(studyLine)}</p></section>` },
      { id: 'definitions', heading: R.definitionsHeading, html: definitions },
      tableSection(summary),
      tableSection(rates),
      tableSection(comparisons),
      tableSection(tte),
      tableSection(landmarks),
      ...figureSections,
      tableSection(concordance),
      tableSection(failures),
      tableSection(flags),
      tableSection(accounting),
      tableSection(exclusions),
      { id: 'plan', heading: R.planHeading, html: `<section id="plan"><h2>${escapeHtml(R.planHeading)}</h2><p class="note">${escapeHtml(R.planNote)}</p><pre>${escapeHtml(planText)}</pre></section>` },
      { id: inputs.id, heading: inputs.title, html: tableHtml(inputs), appendix: true },
      { id: rejected.id, heading: rejected.title, html: tableHtml(rejected, 200), appendix: true },
      { id: samples.id, heading: samples.title, html: tableHtml(samples, 200), appendix: true },
    ];
    yield new Map([['report.html', renderHtml({ lang: opt.lang, title: R.title(plan.study), sections, appendixHeading: opt.lang === 'zh' ? '附录：清单与来源' : 'Appendix: listings and provenance' })]]);
    // no figure drawn (vl.json alone): the specs' files
    if (figures.length === 0) {
      yield figureFiles(specs, [], formats);
      return;
    }
    for await (const k of settleOrder(figures.map((f) => f.png))) {
      let png: Uint8Array | null;
      try {
        png = await figures[k].png;
      } catch (e) {
        // the first failure in the figures' order, whichever failed first: the message does not depend on timing
        throw (await firstPngFailure(figures))?.error ?? e;
      }
      const out = new Map<string, OutputContent>(figureFiles([specs[k]], [{ ...figures[k], png }], formats));
      // each figure with a PNG also as an RTF and a DOCX document: number, title, the PNG, and the method notes
      if (png) {
        const doc = { ...captions[k], png };
        out.set(`figures/${doc.id}.rtf`, renderFigureRtf(doc, render(`figures/${doc.id}.rtf`)));
        out.set(`figures/${doc.id}.docx`, await renderFigureDocx(doc, render(`figures/${doc.id}.docx`)));
      }
      yield out;
    }
  }
  const later = laterFiles();
  return { ready: files, later };
}

/** `specs` drawn by `renderer`, in their order; those of `drawn` (the same spec objects) are not drawn again. */
async function renderFigures(specs: FigureSpec[], renderer: FigureRenderer, png: boolean, drawn?: DrawnFigures): Promise<RenderedFigure[]> {
  if (!drawn) return renderer.render(specs, png);
  const rest = specs.filter((f) => !drawn.specs.includes(f));
  const [early, others] = await Promise.all([drawn.rendered, renderer.render(rest, png)]);
  return specs.map((f) => {
    const k = drawn.specs.indexOf(f);
    return k >= 0 ? early[k] : others[rest.indexOf(f)];
  });
}

/** The indices of `promises` in the order they settle (fulfilled or rejected). */
async function* settleOrder(promises: readonly Promise<unknown>[]): AsyncGenerator<number> {
  const order: number[] = [];
  let wake: (() => void) | null = null;
  promises.forEach((p, k) =>
    p.then(
      () => {},
      () => {},
    ).then(() => {
      order.push(k);
      const w = wake;
      wake = null;
      w?.();
    }),
  );
  for (let n = 0; n < promises.length; n++) {
    if (order.length <= n) await new Promise<void>((resolve) => (wake = resolve));
    yield order[n];
  }
}
