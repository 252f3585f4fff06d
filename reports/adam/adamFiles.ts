import type { Analysis } from '../../pipeline/analyse.js';
import type { OutputContent } from '../../pipeline/write/writeOutputs.js';
import { UserError } from '../../pipeline/errors.js';
import { adamCsv, adamDatasetJson, adamXport, variableLengths } from '../render/adamRender.js';
import type { AdamDataset } from './adamDataset.js';
import { buildAdmrd } from './buildAdmrd.js';
import { buildAdmrds } from './buildAdmrds.js';
import { buildAdtte } from './buildAdtte.js';
import { defineXml } from './defineXml.js';

/** The ADaM data sets of a run, in the order define.xml lists them. */
export function adamDatasets(a: Analysis): AdamDataset[] {
  return [buildAdmrd(a), buildAdmrds(a), buildAdtte(a)];
}

/**
 * The time stamp the data sets and define.xml carry: the data cut-off at midnight UTC, so that the same
 * inputs give the same bytes (the time of the run is in manifest.json).
 */
export function adamCreated(a: Analysis): Date {
  return new Date(`${a.plan.cutoff}T00:00:00Z`);
}

/**
 * `adam/<name>.xpt|json|csv` for each data set in the plan's `report.adamFormats`, and
 * `adam/define.xml` describing them (its leaves point at the transport files, or at the first format
 * written). Content is produced chunk by chunk when written.
 */
export function adamFiles(a: Analysis, version: string): Map<string, OutputContent> {
  const files = new Map<string, OutputContent>();
  const formats = a.plan.report.adamFormats;
  const study = a.plan.study;
  const created = adamCreated(a);
  const createdText = created.toISOString().slice(0, 19);
  const datasets = adamDatasets(a).map((ds) => {
    const lengths = variableLengths(ds);
    for (const v of ds.variables) {
      const n = lengths.get(v.name)!;
      if (formats.includes('xpt') && n > 200)
        throw new UserError({ rule: 'adam.length', column: v.name, message: `${ds.name}.${v.name} holds a value of ${n} bytes; SAS V5 transport allows 200. Shorten the input values, or leave xpt out of report.adamFormats` });
    }
    return { ds, lengths, file: `${ds.name.toLowerCase()}.${formats[0] ?? 'xpt'}` };
  });
  for (const { ds, lengths } of datasets) {
    const base = `adam/${ds.name.toLowerCase()}`;
    if (formats.includes('xpt')) files.set(`${base}.xpt`, () => adamXport(ds, lengths, created));
    if (formats.includes('json')) files.set(`${base}.json`, () => adamDatasetJson(ds, lengths, { created: createdText, studyOID: `ST.${study}`, version }));
    if (formats.includes('csv')) files.set(`${base}.csv`, () => adamCsv(ds));
  }
  files.set('adam/define.xml', defineXml({ study, created: createdText, version, datasets }));
  return files;
}
