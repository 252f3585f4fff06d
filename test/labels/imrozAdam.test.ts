/**
 * The IMROZ-like study as a sponsor and a central lab deliver it (data-samples/imroz-adam: ADaM data
 * sets in SAS transport files, the lab's XLSX transfer with mapping.yaml, Dataset-JSON and NDJSON)
 * gives the same analysis as the native CSV folder (data-samples/imroz-like) and so the label's table 9
 * rows; so does a second copy of the ADaM files written by R haven (test/oracle/imrozAdam.R).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { buildResults } from '../../reports/buildResults.js';
import { imrozAdamFiles } from '../../data-samples/imroz-adam/generate.js';

const NATIVE = 'data-samples/imroz-like';
const ADAM = 'data-samples/imroz-adam';

/** results.json without its provenance: the input files (meta) and their row accounting differ by design. */
function analysisOnly(a: Analysis): string {
  const r = buildResults(a, 'test') as Record<string, unknown>;
  delete r.meta;
  delete r.accounting;
  return JSON.stringify(r);
}

let native: Analysis;
let adam: Analysis;
let tmp: string;
beforeAll(async () => {
  native = await analyseStudy(NATIVE);
  adam = await analyseStudy(ADAM);
  tmp = mkdtempSync(join(tmpdir(), 'mrd-imroz-adam-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('data-samples/imroz-adam', () => {
  it('is exactly what its committed generator writes', async () => {
    for (const [name, content] of await imrozAdamFiles(NATIVE)) {
      if (name.endsWith('.xlsx')) continue; // the workbook's zip entries carry the time they were written
      expect(Buffer.compare(readFileSync(join(ADAM, name)), Buffer.from(content)), name).toBe(0);
    }
  });

  it('reads each table from the layout it is in', () => {
    expect(adam.inputs.map((i) => [i.file, i.table ?? null, i.format, i.layout ?? null])).toEqual([
      ['study.yaml', null, 'yaml', null],
      ['mapping.yaml', null, 'yaml', null],
      ['adsl.xpt', 'subjects', 'xpt', 'adam'],
      ['mrd_transfer.xlsx', 'mrd', 'xlsx', 'mapping'],
      ['adrs.xpt', 'response', 'xpt', 'adam'],
      ['imaging.json', 'imaging', 'json', 'native'],
      ['adtte.xpt', 'tte', 'xpt', 'adam'],
      ['therapy.ndjson', 'therapy', 'ndjson', 'native'],
    ]);
  });

  it('accounts for every row: the native rows used, screen failures and BOR rows not applicable', () => {
    const used = native.accounting.map((a) => a.rowsUsed);
    expect(adam.accounting.map((a) => a.rowsUsed)).toEqual(used);
    expect(adam.accounting.map((a) => [a.file, a.rowsRead, a.rowsRejected, a.rowsSkipped])).toEqual([
      ['adsl.xpt', 449, 0, 3],
      ['mrd_transfer.xlsx', 2085, 0, 0],
      ['adrs.xpt', 11434 + 446, 0, 446],
      ['imaging.json', 460, 0, 0],
      ['adtte.xpt', 892, 0, 0],
      ['therapy.ndjson', 1735, 0, 0],
    ]);
  });

  it('gives results.json identical to the native folder, less provenance', () => {
    expect(analysisOnly(adam)).toBe(analysisOnly(native));
  });

  it('prints the label rows of IMROZ table 9: MRD-negative CR 147/265 and 74/181 at 10^-5', () => {
    const r = (arm: string) => adam.mrdRates.find((q) => q.endpoint === 'MRD_NEG_CR' && q.population === 'ITT' && q.arm === arm && q.threshold === 1e-5)!;
    expect([r('ISA').x, r('ISA').n, Math.round(r('ISA').ciLower! * 100), Math.round(r('ISA').ciUpper! * 100)]).toEqual([147, 265, 49, 62]);
    expect([r('CTL').x, r('CTL').n, Math.round(r('CTL').ciLower! * 100), Math.round(r('CTL').ciUpper! * 100)]).toEqual([74, 181, 34, 48]);
  });

  it('gives the same analysis from the ADaM files R haven writes (version 8)', async () => {
    const dir = join(tmp, 'haven');
    cpSync(ADAM, dir, { recursive: true });
    for (const ds of ['adsl', 'adrs', 'adtte']) cpSync(new URL(`../oracle/fixtures/imrozAdam/${ds}.xpt`, import.meta.url).pathname, join(dir, `${ds}.xpt`));
    expect(readFileSync(join(dir, 'adsl.xpt')).toString('latin1', 20, 25)).toBe('LIBV8');
    const viaHaven = await analyseStudy(dir);
    expect(analysisOnly(viaHaven)).toBe(analysisOnly(native));
    const summary = JSON.parse(readFileSync(new URL('../oracle/fixtures/imrozAdam.json', import.meta.url), 'utf8')) as { events: Record<string, number>; randomised: Record<string, number> };
    // counted by R on the files it read
    for (const param of ['PFS', 'OS']) {
      const byArm = viaHaven.timeToEvent.find((t) => t.endpoint === param && t.groupedBy === 'arm')!;
      expect(byArm.analysis.groups.reduce((s, g) => s + g.events, 0), param).toBe(summary.events[param]);
    }
    expect(summary.randomised).toEqual({ CTL: 181, ISA: 265 });
    expect(viaHaven.subjects.n).toBe(summary.randomised.CTL + summary.randomised.ISA);
  });
});
