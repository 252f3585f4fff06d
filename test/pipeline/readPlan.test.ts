import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlan } from '../../pipeline/ingest/readPlan.js';
import { UserError } from '../../pipeline/errors.js';
import { BASE_PLAN } from '../helpers/studyFixture.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function planIn(name: string, text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-plan-'));
  dirs.push(d);
  writeFileSync(join(d, name), text);
  return d;
}
function failure(dir: string): UserError {
  try {
    readPlan(dir);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('readPlan', () => {
  it('report.figures: a number and title per figure id; a malformed id is named', () => {
    const { plan } = readPlan(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  figures:\n    km_pfs: { number: 14.2.2.1, title: PFS by arm (ITT) }\n`));
    expect(plan.report.figures).toEqual({ km_pfs: { number: '14.2.2.1', title: 'PFS by arm (ITT)' } });
    const e = failure(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  figures:\n    KM-PFS: { number: 1 }\n`));
    expect(e.message).toMatch(/report\.figures keys are figure ids/);
  });
  it('report.variables: a label and level labels per column, as text or per language; the forest plot uses them', async () => {
    const yaml = `${BASE_PLAN}\nreport:\n  variables:\n    agegrp:\n      label: { en: Age, zh: 年龄 }\n      levels: { "<65": "< 65 years", ">=65": { zh: "≥ 65 岁" } }\n`;
    const { plan } = readPlan(planIn('study.yaml', yaml));
    expect(plan.report.variables).toEqual({ AGEGRP: { label: { en: 'Age', zh: '年龄' }, levels: { '<65': { en: '< 65 years' }, '>=65': { zh: '≥ 65 岁' } } } });
    const { variableLabel, levelLabel } = await import('../../reports/format.js');
    expect([variableLabel(plan, 'AGEGRP', 'zh'), variableLabel(plan, 'SEX', 'en')]).toEqual(['年龄', 'SEX']);
    expect([levelLabel(plan, 'AGEGRP', '<65', 'zh'), levelLabel(plan, 'AGEGRP', '>=65', 'en'), levelLabel(plan, 'AGEGRP', 'x', 'en')]).toEqual(['< 65 years', '>=65', 'x']);
    const e = failure(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  variables:\n    AGEGRP: { title: Age }\n`));
    expect(e.message).toMatch(/report\.variables\.AGEGRP\.title/);
  });
  it('report.tables: orientation auto by default, portrait or landscape per table, anything else named', async () => {
    const { plan } = readPlan(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  tables:\n    efficacy_summary: { orientation: portrait }\n`));
    expect(plan.report.tables.efficacy_summary).toEqual({ number: '14.2.1.1', orientation: 'portrait' });
    expect(plan.report.tables.mrd_rates.orientation).toBe('auto');
    const e = failure(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  tables:\n    mrd_rates: { orientation: sideways }\n`));
    expect(e.problem.rule).toBe('plan.allowed');
    expect(e.message).toMatch(/report\.tables orientation must be auto, portrait or landscape/);
    expect(e.message).toMatch(/sideways/);
    // the orientation reaches the renderers: the forced portrait efficacy summary is laid out 9026 twips wide
    const { analyseStudy } = await import('../../pipeline/analyse.js');
    const { startOutputs } = await import('../../reports/buildOutputs.js');
    const { noFigures } = await import('../helpers/figureRenderers.js');
    const a = await analyseStudy('data-samples/sample-study');
    const { ready: files } = await startOutputs({ ...a, plan: { ...a.plan, report: { ...a.plan.report, tables: plan.report.tables } } }, { lang: 'en', version: 't', figures: noFigures() });
    expect(files.get('tables/efficacy_summary.rtf') as string).toContain('\\paperw11906\\paperh16838');
    expect(files.get('tables/mrd_rates.rtf') as string).toContain('\\paperw16838\\paperh11906');
  });
  it('report.adamFormats: SAS transport by default, a subset in a fixed order, an unknown format named with its line', () => {
    expect(readPlan(planIn('study.yaml', BASE_PLAN)).plan.report.adamFormats).toEqual(['xpt']);
    expect(readPlan(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  adamFormats: [csv, xpt]\n`)).plan.report.adamFormats).toEqual(['xpt', 'csv']);
    expect(readPlan(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  adamFormats: []\n`)).plan.report.adamFormats).toEqual([]);
    const e = failure(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  adamFormats: [xpt, sas7bdat]\n`));
    expect(e.problem.rule).toBe('plan.allowed');
    expect(e.message).toMatch(/report\.adamFormats entries must be xpt, json or csv/);
    expect(e.message).toMatch(/sas7bdat/);
  });
  it('report.figureFormats: all three by default, a subset in a fixed order, [] for none, an unknown format named', () => {
    expect(readPlan(planIn('study.yaml', BASE_PLAN)).plan.report.figureFormats).toEqual(['png', 'svg', 'vl.json']);
    expect(readPlan(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  figureFormats: [vl.json, svg]\n`)).plan.report.figureFormats).toEqual(['svg', 'vl.json']);
    expect(readPlan(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  figureFormats: []\n`)).plan.report.figureFormats).toEqual([]);
    const e = failure(planIn('study.yaml', `${BASE_PLAN}\nreport:\n  figureFormats: [svg, pdf]\n`));
    expect(e.problem.rule).toBe('plan.allowed');
    expect(e.message).toMatch(/report\.figureFormats entries must be png, svg or vl\.json/);
    expect(e.message).toMatch(/pdf/);
  });
  it('fills every documented default', () => {
    const { plan } = readPlan(planIn('study.yaml', BASE_PLAN));
    expect(plan.mrd).toMatchObject({
      primaryMethod: 'NGS',
      combine: 'primary-only',
      thresholds: [1e-4, 1e-5, 1e-6],
      primaryThreshold: 1e-5,
      ngf: { lodEvents: 20, lloqEvents: 50, maxHoursToProcessing: 24 },
      ngs: { dnaPerCellPg: 6.5, lodCells: 1 },
      specimen: 'BM',
      centralOnly: true,
      hemodilutedNegative: 'not-evaluable',
      sustained: { minGapDays: 365, requireImaging: true },
      durationEvent: 'mrd-reappearance',
    });
    expect(plan.stats).toEqual({ ciLevel: 0.95, proportionCi: 'clopper-pearson', kmConfType: 'log-log', coxTies: 'breslow', cmhCorrection: false });
    expect(plan.landmarks).toEqual([12, 24, 36]);
    expect(plan.cutoffDay).toBe(20088); // 2024-12-31
  });

  it('reads the same plan from study.json', () => {
    const json = JSON.stringify({ study: 'TEST', cutoff: '2024-12-31', arms: [{ code: 'A', control: false }, { code: 'B', control: true }], mrd: { thresholds: [1e-5] } });
    const { plan, file } = readPlan(planIn('study.json', json));
    expect(file).toBe('study.json');
    expect(plan.arms[0]).toEqual({ code: 'A', label: 'A', control: false });
    expect(plan.mrd.thresholds).toEqual([1e-5]);
  });

  it('names an unknown key, its line, and the nearest known key', () => {
    const e = failure(planIn('study.yaml', BASE_PLAN + 'mrd:\n  thresholdz: [1e-5]\n'));
    expect(e.problem).toMatchObject({ file: 'study.yaml', line: 7, column: 'mrd.thresholdz', rule: 'plan.unknown-key' });
    expect(e.message).toContain('did you mean thresholds?');
  });

  it.each([
    ['a value outside the allowed list', BASE_PLAN + 'mrd:\n  combine: any\n', 'mrd.combine', 'plan.allowed'],
    ['a primary threshold not among the thresholds', BASE_PLAN + 'mrd:\n  thresholds: [1e-4]\n  primaryThreshold: 1e-5\n', 'mrd.primaryThreshold', 'plan.range'],
    ['a CI level of 95', BASE_PLAN + 'stats:\n  ciLevel: 95\n', 'stats.ciLevel', 'plan.range'],
    ['a non-ISO cut-off', BASE_PLAN.replace('2024-12-31', '31/12/2024'), 'cutoff', 'date.iso'],
    ['two control arms', BASE_PLAN.replace('control: false', 'control: true'), 'arms', 'plan.arms'],
  ])('rejects %s', (_name, text, column, rule) => {
    expect(failure(planIn('study.yaml', text)).problem).toMatchObject({ column, rule });
  });

  it('reports a YAML syntax error with its line', () => {
    const e = failure(planIn('study.yaml', 'study: X\narms: [\n'));
    expect(e.problem.rule).toBe('plan.syntax');
    expect(e.problem.line).toBeGreaterThan(0);
  });

  it('requires study and cutoff', () => {
    expect(failure(planIn('study.yaml', 'cutoff: 2024-01-01\n')).problem).toMatchObject({ column: 'study', rule: 'plan.required' });
  });
});
