/**
 * ard.json: every figure of every submission table traces to one analysis results record, and the
 * record's unrounded values print as the cell does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { buildArd, type Ard, type ArdRecord } from '../../reports/ard/buildArd.js';
import { LABELS } from '../../reports/labels.js';
import { efficacySummaryTable } from '../../reports/tables/efficacySummaryTable.js';
import { mrdRatesTable } from '../../reports/tables/mrdRatesTable.js';
import { mrdComparisonsTable } from '../../reports/tables/mrdComparisonsTable.js';
import { landmarkTable, survivalTable } from '../../reports/tables/survivalTable.js';
import { concordanceTable, failuresTable } from '../../reports/tables/qualityTables.js';
import type { ReportTable } from '../../reports/tables/table.js';

let a: Analysis;
let ard: Ard;
let byId: Map<string, ArdRecord>;
beforeAll(async () => {
  a = await analyseStudy('data-samples/imroz-like');
  ard = buildArd(a, 'test');
  byId = new Map(ard.analyses.map((r) => [r.id, r]));
}, 60_000);

/** Whether the printed number `token` is one of the record's values as a table rounds it (as is, or in percent). */
function explains(record: ArdRecord, token: string): boolean {
  const decimals = token.includes('.') ? token.split('.')[1].length : 0;
  const shown = Number(token);
  return record.results.some(({ rawValue: v }) => v !== null && [v, v * 100].some((x) => Math.abs(Number(x.toFixed(decimals)) - shown) < 1e-9));
}

const NUMBER = /-?\d+(?:\.\d+)?/g;

function check(t: ReportTable): number {
  expect(t.refs, t.id).toBeDefined();
  const refs = t.refs!;
  expect(refs.length).toBe(t.rows.length);
  const dataColumn = t.columns.map((_, j) => refs.some((r) => r[j] !== null));
  let cells = 0;
  t.rows.forEach((row, i) => {
    expect(refs[i].length, `${t.id} row ${i}`).toBe(row.length);
    row.forEach((cell, j) => {
      const ref = refs[i][j];
      if (ref === null) {
        // a label, a section row, or an empty cell
        expect(!dataColumn[j] || cell === '' || refs[i].every((r) => r === null) || !/\d/.test(cell), `${t.id} [${i},${j}] "${cell}" has figures and no record`).toBe(true);
        return;
      }
      const record = byId.get(ref);
      expect(record, `${t.id} [${i},${j}] names ${ref}, not in ard.json`).toBeDefined();
      const tokens = cell.replace('<0.0001', '').match(NUMBER) ?? [];
      for (const tok of tokens) expect(explains(record!, tok), `${t.id} [${i},${j}] "${cell}": ${tok} is not a value of ${ref}`).toBe(true);
      if (cell.startsWith('<0.0001')) expect(record!.results.some((r) => r.rawValue !== null && r.rawValue < 0.0001)).toBe(true);
      cells++;
    });
  });
  return cells;
}

describe('ard.json', () => {
  it('has one record per id, each naming a known method and analysis set', () => {
    expect(byId.size).toBe(ard.analyses.length);
    const methods = new Set(ard.methods.map((m) => m.id));
    const sets = new Set(ard.analysisSets.map((s) => s.id));
    for (const r of ard.analyses) {
      expect(methods.has(r.methodId), r.id).toBe(true);
      expect(sets.has(r.analysisSetId), r.id).toBe(true);
      const ops = ard.methods.find((m) => m.id === r.methodId)!.operations;
      expect(r.results.map((x) => x.operationId), r.id).toEqual(ops);
    }
  });

  it('traces every figure of the seven submission tables to its record, in English and Chinese', () => {
    for (const lang of ['en', 'zh'] as const) {
      const L = LABELS[lang];
      const counts = [efficacySummaryTable, mrdRatesTable, mrdComparisonsTable, survivalTable, landmarkTable, concordanceTable, failuresTable].map((f) => check(f(a, L)));
      expect(counts.every((c) => c > 0)).toBe(true);
      expect(counts.reduce((s, c) => s + c, 0)).toBeGreaterThan(300);
    }
  });

  it('keys the label figure of IMROZ table 9 by analysis, parameter, population, arm and method', () => {
    const r = byId.get('MRD_RATE:MRD_NEG_CR:ITT:1E-05:ISA')!;
    expect([r.analysis, r.parameter, r.dataset, r.analysisSetId, r.group, r.methodId]).toEqual(['MRD_RATE', 'MRDNCR5', 'ADMRD', 'ITT', 'ISA', 'PROPORTION']);
    expect(r.results.slice(0, 2).map((x) => x.rawValue)).toEqual([147, 265]);
    expect(r.results.map((x) => x.operationId)).toEqual(['x', 'n', 'rate', 'ciLower', 'ciUpper']);
    const hr = byId.get('COX:PFS:-:ISA')!;
    expect([hr.parameter, hr.dataset, hr.reference]).toEqual(['PFS', 'ADTTE', 'CTL']);
    expect(hr.results[0].rawValue).toBe(a.timeToEvent.find((t) => t.endpoint === 'PFS')!.analysis.hazardRatios[0].hr);
  });

  it('catches a cell that does not match its record', () => {
    const t = mrdRatesTable(a, LABELS.en);
    t.rows[0][3] = t.rows[0][3].replace(/^\d+/, (x) => String(Number(x) + 1));
    expect(() => check(t)).toThrow(/is not a value of/);
  });
});
