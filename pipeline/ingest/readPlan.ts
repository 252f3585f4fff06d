import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { parseIsoDate } from './dates.js';
import type { Plan } from '../../model/plan.js';
import { bool, checkKeys, list, names, num, numbers, oneOf, readYamlFile, section, str, type Json, type Locator } from './yamlDocument.js';

export interface PlanFile {
  plan: Plan;
  file: string;
  sha256: string;
}

const PLAN_FILES = ['study.yaml', 'study.yml', 'study.json'];

/** Reads and resolves the plan of a study folder; every error names the key and its line. */
export function readPlan(dir: string): PlanFile {
  const found = PLAN_FILES.filter((f) => existsSync(join(dir, f)));
  if (found.length === 0)
    throw new UserError({ file: 'study.yaml', rule: 'plan.missing', message: `no study.yaml or study.json in ${dir}` });
  if (found.length > 1)
    throw new UserError({ file: found.join(', '), rule: 'plan.ambiguous', message: 'keep exactly one plan file (study.yaml or study.json)' });
  const file = found[0];
  const { raw, loc, sha256 } = readYamlFile(dir, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) loc.fail([], 'plan.type', 'the plan must be a mapping of keys to values');
  const plan = resolvePlan(raw as Record<string, Json>, loc);
  return { plan, file, sha256 };
}

// ---- the plan --------------------------------------------------------------------------------

/**
 * Default numbers of the submission tables, as a statistical analysis plan's list of tables lays them
 * out (ICH E3 section 14: 14.2 efficacy, 14.3 other analyses).
 */
export const TABLE_NUMBERS: Record<string, string> = {
  efficacy_summary: '14.2.1.1',
  mrd_rates: '14.2.1.2',
  mrd_comparisons: '14.2.1.3',
  time_to_event: '14.2.2.1',
  landmark_rates: '14.2.2.2',
  concordance: '14.3.1.1',
  assay_failures: '14.3.1.2',
  interference_flags: '14.3.1.3',
};

const TOP = ['study', 'cutoff', 'arms', 'strata', 'mrd', 'landmarks', 'mrdLandmark', 'stats', 'subgroups', 'lang', 'report', 'adam'];
const MRD_KEYS = ['primaryMethod', 'combine', 'thresholds', 'primaryThreshold', 'ngf', 'ngs', 'timepoints', 'specimen', 'centralOnly', 'hemodilutedNegative', 'sustained', 'durationEvent'];

function resolvePlan(raw: Record<string, Json>, loc: Locator): Plan {
  checkKeys(raw, TOP, [], loc);
  const study = str(raw, 'study', [], loc);
  const cutoff = str(raw, 'cutoff', [], loc);
  const cutoffDay = parseIsoDate(cutoff);
  if (cutoffDay === null) loc.fail(['cutoff'], 'date.iso', 'cutoff must be an ISO 8601 date YYYY-MM-DD (e.g. 2024-03-15)', cutoff);

  const armsRaw = list(raw, 'arms', [], loc);
  if (!armsRaw || armsRaw.length < 2) loc.fail(['arms'], 'plan.arms', 'arms must list at least two arms, each {code, label, control}');
  const arms = armsRaw.map((a, i) => {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) loc.fail(['arms', i], 'plan.type', `arms[${i}] must be a mapping {code, label, control}`, a);
    checkKeys(a, ['code', 'label', 'control'], ['arms', i], loc);
    const code = str(a, 'code', ['arms', i], loc);
    return { code, label: str(a, 'label', ['arms', i], loc, code), control: bool(a, 'control', ['arms', i], loc, false) };
  });
  const controls = arms.filter((a) => a.control).length;
  if (controls !== 1) loc.fail(['arms'], 'plan.arms', `exactly one arm must have control: true (found ${controls})`);
  const codes = new Set<string>();
  arms.forEach((a, i) => {
    if (codes.has(a.code)) loc.fail(['arms', i, 'code'], 'plan.arms', `arm code ${a.code} is listed twice`, a.code);
    codes.add(a.code);
  });

  const m = section(raw, 'mrd', [], loc);
  checkKeys(m, MRD_KEYS, ['mrd'], loc);
  const P = ['mrd'];
  const thresholds = numbers(m, 'thresholds', P, loc, [1e-4, 1e-5, 1e-6], (x) => x > 0 && x < 1, 'numbers in (0, 1), e.g. 1e-5');
  const primaryThreshold = num(m, 'primaryThreshold', P, loc, 1e-5, (x) => thresholds.includes(x), `one of mrd.thresholds (${thresholds.join(', ')})`);
  const ngf = section(m, 'ngf', P, loc);
  checkKeys(ngf, ['lodEvents', 'lloqEvents', 'maxHoursToProcessing'], [...P, 'ngf'], loc);
  const ngs = section(m, 'ngs', P, loc);
  checkKeys(ngs, ['dnaPerCellPg', 'lodCells'], [...P, 'ngs'], loc);
  const sustained = section(m, 'sustained', P, loc);
  checkKeys(sustained, ['minGapDays', 'requireImaging'], [...P, 'sustained'], loc);
  const positive = (x: number) => x > 0;
  const tps = (list(m, 'timepoints', P, loc) ?? []).map((t, i) => {
    const tp = [...P, 'timepoints', i];
    if (t === null || typeof t !== 'object' || Array.isArray(t)) loc.fail(tp, 'plan.type', 'each timepoint must be {name, month, windowMonths}', t);
    checkKeys(t, ['name', 'month', 'windowMonths'], tp, loc);
    const name = str(t, 'name', tp, loc);
    if (!/^[A-Za-z0-9_]+$/.test(name)) loc.fail([...tp, 'name'], 'plan.type', 'timepoint names use letters, digits and _ only', name);
    return { name: name.toUpperCase(), month: num(t, 'month', tp, loc, Number.NaN, positive, 'a positive number of months'), windowMonths: num(t, 'windowMonths', tp, loc, 3, (x) => x >= 0, 'a number >= 0') };
  });
  tps.forEach((t, i) => {
    if (Number.isNaN(t.month)) loc.fail([...P, 'timepoints', i, 'month'], 'plan.required', 'timepoint month is required');
  });

  const s = section(raw, 'stats', [], loc);
  checkKeys(s, ['ciLevel', 'proportionCi', 'kmConfType', 'coxTies', 'cmhCorrection'], ['stats'], loc);

  const ad = section(raw, 'adam', [], loc);
  checkKeys(ad, ['armVariable', 'responseParam', 'bestResponseParam', 'pfsParam', 'osParam'], ['adam'], loc);
  const adamCodes = (key: string, def: string[]): string[] => {
    const v = ad[key];
    if (v === undefined || v === null) return def;
    if (typeof v === 'string' && v.trim() !== '') return [v.trim().toUpperCase()];
    return names(ad, key, ['adam'], loc);
  };
  const code = (key: string, def: string) => str(ad, key, ['adam'], loc, def).trim().toUpperCase();

  const rep = section(raw, 'report', [], loc);
  checkKeys(rep, ['percentDecimals', 'adamFormats', 'figureFormats', 'tables', 'variables', 'swimmer', 'kmRiskTable', 'figures'], ['report'], loc);
  // figure ids depend on the data (km_<PARAMCD>, swimmer pages): any id of letters, digits and _
  const figureSection = section(rep, 'figures', ['report'], loc);
  const figures: Record<string, { number?: string; title?: string }> = {};
  for (const id of Object.keys(figureSection)) {
    if (!/^[a-z0-9_]+$/.test(id)) loc.fail(['report', 'figures', id], 'plan.allowed', `report.figures keys are figure ids such as km_pfs or forest_subgroups (lower-case letters, digits, _)`, id);
    const f = section(figureSection, id, ['report', 'figures'], loc);
    checkKeys(f, ['number', 'title'], ['report', 'figures', id], loc);
    figures[id] = {
      ...(f.number !== undefined && f.number !== null ? { number: String(f.number) } : {}),
      ...(f.title !== undefined && f.title !== null ? { title: str(f, 'title', ['report', 'figures', id], loc) } : {}),
    };
  }
  const sw = section(rep, 'swimmer', ['report'], loc);
  checkKeys(sw, ['pageSize', 'maxPages'], ['report', 'swimmer'], loc);
  const swimmer = {
    pageSize: num(sw, 'pageSize', ['report', 'swimmer'], loc, 100, (x) => Number.isInteger(x) && x >= 10 && x <= 500, 'a whole number from 10 to 500'),
    maxPages: num(sw, 'maxPages', ['report', 'swimmer'], loc, 10, (x) => Number.isInteger(x) && x >= 1 && x <= 100, 'a whole number from 1 to 100'),
  };
  // report.variables: { COLUMN: { label: text | { en, zh }, levels: { CODE: text | { en, zh } } } }
  const variableSection = section(rep, 'variables', ['report'], loc);
  const texts = (obj: Record<string, Json>, key: string, path: (string | number)[]): { en?: string; zh?: string } => {
    const v = obj[key];
    if (v === undefined || v === null) return {};
    if (typeof v === 'string' || typeof v === 'number') return { en: String(v) };
    const t = section(obj, key, path, loc);
    checkKeys(t, ['en', 'zh'], [...path, key], loc);
    return { ...(t.en != null ? { en: String(t.en) } : {}), ...(t.zh != null ? { zh: String(t.zh) } : {}) };
  };
  const variables: Plan['report']['variables'] = {};
  for (const column of Object.keys(variableSection)) {
    const path = ['report', 'variables'];
    const v = section(variableSection, column, path, loc);
    checkKeys(v, ['label', 'levels'], [...path, column], loc);
    const levelSection = section(v, 'levels', [...path, column], loc);
    const levels: Record<string, { en?: string; zh?: string }> = {};
    for (const code of Object.keys(levelSection)) levels[code] = texts(levelSection, code, [...path, column, 'levels']);
    variables[column.toUpperCase()] = { label: texts(v, 'label', [...path, column]), levels };
  }
  const tableSection = section(rep, 'tables', ['report'], loc);
  checkKeys(tableSection, Object.keys(TABLE_NUMBERS), ['report', 'tables'], loc);
  const tables: Plan['report']['tables'] = {};
  for (const [id, number] of Object.entries(TABLE_NUMBERS)) {
    const t = section(tableSection, id, ['report', 'tables'], loc);
    checkKeys(t, ['number', 'title', 'orientation'], ['report', 'tables', id], loc);
    const title = t.title === undefined || t.title === null ? undefined : str(t, 'title', ['report', 'tables', id], loc);
    const orientation = t.orientation ?? 'auto';
    if (orientation !== 'auto' && orientation !== 'portrait' && orientation !== 'landscape') {
      loc.fail(['report', 'tables', id, 'orientation'], 'plan.allowed', 'report.tables orientation must be auto, portrait or landscape', orientation);
    }
    tables[id] = { number: t.number === undefined || t.number === null ? number : String(t.number), ...(title ? { title } : {}), orientation: orientation as 'auto' | 'portrait' | 'landscape' };
  }
  /** A list of formats from `allowed`, in that order; `[]` is none, absent is all of `defaults`. */
  const formats = <F extends string>(key: string, allowed: readonly F[], defaults: readonly F[]): F[] => {
    if (rep[key] === undefined || rep[key] === null) return [...defaults];
    const v = list(rep, key, ['report'], loc) ?? [];
    v.forEach((x, i) => {
      if (!allowed.includes(x as F)) loc.fail(['report', key, i], 'plan.allowed', `report.${key} entries must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`, x);
    });
    return allowed.filter((f) => v.includes(f));
  };
  const adamFormats = formats('adamFormats', ['xpt', 'json', 'csv'] as const, ['xpt']);
  const figureFormats = formats('figureFormats', ['png', 'svg', 'vl.json'] as const, ['png', 'svg', 'vl.json']);
  const landmarks = numbers(raw, 'landmarks', [], loc, [12, 24, 36], positive, 'positive numbers of months');
  const mrdLandmarkRaw = raw.mrdLandmark;
  const mrdLandmark = mrdLandmarkRaw === null ? null : num(raw, 'mrdLandmark', [], loc, 12, positive, 'a positive number of months, or null');

  return {
    study,
    cutoff,
    cutoffDay,
    arms,
    strata: names(raw, 'strata', [], loc),
    mrd: {
      primaryMethod: oneOf(m, 'primaryMethod', P, loc, ['NGS', 'NGF'] as const, 'NGS'),
      combine: oneOf(m, 'combine', P, loc, ['primary-only', 'either-negative', 'both-negative', 'primary-then-secondary'] as const, 'primary-only'),
      thresholds: [...thresholds].sort((a, b) => b - a),
      primaryThreshold,
      ngf: {
        lodEvents: num(ngf, 'lodEvents', [...P, 'ngf'], loc, 20, positive, 'a positive number of events'),
        lloqEvents: num(ngf, 'lloqEvents', [...P, 'ngf'], loc, 50, positive, 'a positive number of events'),
        maxHoursToProcessing: num(ngf, 'maxHoursToProcessing', [...P, 'ngf'], loc, 24, positive, 'a positive number of hours'),
      },
      ngs: {
        dnaPerCellPg: num(ngs, 'dnaPerCellPg', [...P, 'ngs'], loc, 6.5, positive, 'a positive mass in pg'),
        lodCells: num(ngs, 'lodCells', [...P, 'ngs'], loc, 1, positive, 'a positive number of cells (1, or 3 for the Poisson 95% rule)'),
      },
      timepoints: tps,
      specimen: oneOf(m, 'specimen', P, loc, ['BM', 'PB'] as const, 'BM'),
      centralOnly: bool(m, 'centralOnly', P, loc, true),
      hemodilutedNegative: oneOf(m, 'hemodilutedNegative', P, loc, ['not-evaluable', 'negative'] as const, 'not-evaluable'),
      sustained: {
        minGapDays: num(sustained, 'minGapDays', [...P, 'sustained'], loc, 365, positive, 'a positive number of days'),
        requireImaging: bool(sustained, 'requireImaging', [...P, 'sustained'], loc, true),
      },
      durationEvent: oneOf(m, 'durationEvent', P, loc, ['mrd-reappearance', 'reappearance-progression-death'] as const, 'mrd-reappearance'),
    },
    landmarks: [...landmarks].sort((a, b) => a - b),
    mrdLandmark,
    stats: {
      ciLevel: num(s, 'ciLevel', ['stats'], loc, 0.95, (x) => x > 0 && x < 1, 'a level in (0, 1), e.g. 0.95'),
      proportionCi: oneOf(s, 'proportionCi', ['stats'], loc, ['clopper-pearson', 'wilson'] as const, 'clopper-pearson'),
      kmConfType: oneOf(s, 'kmConfType', ['stats'], loc, ['log-log', 'log', 'plain'] as const, 'log-log'),
      coxTies: oneOf(s, 'coxTies', ['stats'], loc, ['breslow', 'efron'] as const, 'breslow'),
      cmhCorrection: bool(s, 'cmhCorrection', ['stats'], loc, false),
    },
    subgroups: names(raw, 'subgroups', [], loc),
    lang: oneOf(raw, 'lang', [], loc, ['en', 'zh'] as const, 'en'),
    report: {
      percentDecimals: num(rep, 'percentDecimals', ['report'], loc, 1, (x) => Number.isInteger(x) && x >= 0 && x <= 4, 'a whole number from 0 to 4'),
      adamFormats,
      figureFormats,
      tables,
      variables,
      swimmer,
      figures,
      kmRiskTable: oneOf(rep, 'kmRiskTable', ['report'], loc, ['at-risk', 'at-risk-events-censored'] as const, 'at-risk'),
    },
    adam: {
      armVariable: adamCodes('armVariable', ['TRT01P', 'ARM']),
      responseParam: adamCodes('responseParam', ['OVRLRESP', 'OVR']),
      bestResponseParam: code('bestResponseParam', 'BOR'),
      pfsParam: code('pfsParam', 'PFS'),
      osParam: code('osParam', 'OS'),
    },
  };
}
