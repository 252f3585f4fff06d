/**
 * The ADaM data sets of `mrd run` (ADMRD, ADMRDS, ADTTE): each of the three files (SAS transport v5,
 * Dataset-JSON 1.1, CSV) holds exactly the values of the data set model, with the labels, types and
 * lengths it sets; ADMRD counts what the rate tables count; define.xml describes the files and every
 * reference in it resolves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { writeOutputsAtomically } from '../../pipeline/write/writeOutputs.js';
import { SAS_EPOCH_DAY, parseIsoDate } from '../../pipeline/ingest/dates.js';
import { scanXport, xportNumber, type XportVariable } from '../../pipeline/ingest/formats/xport.js';
import { scanDatasetJson, type DatasetJsonMeta, type JsonScalar } from '../../pipeline/ingest/formats/datasetJson.js';
import { adamDatasets, adamFiles } from '../../reports/adam/adamFiles.js';
import { numberAt, textAt, type AdamDataset } from '../../reports/adam/adamDataset.js';
import { variableLengths } from '../../reports/render/adamRender.js';
import { mrdParameters } from '../../reports/adam/mrdParameters.js';
import { UserError } from '../../pipeline/errors.js';
import { csvRows } from '../helpers/csvRows.js';

let a: Analysis;
let dir: string;
let datasets: AdamDataset[];
beforeAll(async () => {
  const read = await analyseStudy('data-samples/imroz-like');
  // every format (the plan's default is SAS transport alone)
  a = { ...read, plan: { ...read.plan, report: { ...read.plan.report, adamFormats: ['xpt', 'json', 'csv'] } } };
  dir = mkdtempSync(join(tmpdir(), 'mrd-adam-'));
  await writeOutputsAtomically(join(dir, 'out'), adamFiles(a, 'test'));
  datasets = adamDatasets(a);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => join(dir, 'out', 'adam', name);

/** The model's value of variable j at row i, as text or number (NaN missing). */
function expected(ds: AdamDataset, j: number, i: number): string | number {
  const v = ds.variables[j];
  return v.type === 'text' ? (textAt(v.values, i) ?? '') : numberAt(v.values, i);
}

function same(x: string | number, y: string | number): boolean {
  return typeof x === 'number' && typeof y === 'number' ? Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) : x === y;
}

describe('ADaM data sets', () => {
  it('are ADMRD, ADMRDS and ADTTE with the rows the analyses used', () => {
    expect(datasets.map((d) => [d.name, d.adamClass, d.rows])).toEqual([
      ['ADMRD', 'BASIC DATA STRUCTURE', 446 * 18],
      ['ADMRDS', 'ADAM OTHER', 2085],
      ['ADTTE', 'BASIC DATA STRUCTURE', a.tteRecords.reduce((s, r) => s + r.subject.length, 0)],
    ]);
    for (const ds of datasets) {
      for (const v of ds.variables) {
        expect(v.name, ds.name).toMatch(/^[A-Z_][A-Z0-9_]{0,7}$/);
        expect(v.label.length, `${ds.name}.${v.name}`).toBeLessThanOrEqual(40);
        if (v.origin.type === 'Derived') expect(v.method, `${ds.name}.${v.name} is derived and needs its rule`).toBeTruthy();
      }
      expect(new Set(ds.variables.map((v) => v.name)).size).toBe(ds.variables.length);
    }
  });

  it('ADMRD counts what the rate tables count, for every endpoint, population, threshold and arm', () => {
    const ds = datasets[0];
    const col = (name: string) => ds.variables.find((v) => v.name === name)!.values;
    const [paramcd, armcd, avalc, itt, cr, evl] = ['PARAMCD', 'ARMCD', 'AVALC', 'ITTFL', 'CRFL', 'MRDEVLFL'].map(col);
    const count = new Map<string, [number, number]>();
    for (let i = 0; i < ds.rows; i++) {
      if (textAt(itt, i) !== 'Y') continue;
      const pops = ['ITT', ...(textAt(cr, i) === 'Y' ? ['CR'] : []), ...(textAt(evl, i) === 'Y' ? ['EVALUABLE'] : [])];
      for (const p of pops) {
        const k = `${textAt(paramcd, i)}|${p}|${textAt(armcd, i)}`;
        const c = count.get(k) ?? [0, 0];
        c[0] += textAt(avalc, i) === 'Y' ? 1 : 0;
        c[1]++;
        count.set(k, c);
      }
    }
    const code = new Map(mrdParameters(a.plan, a.endpoints, a.compositeEndpoint).map((p) => [`${p.endpoint}|${p.threshold}`, p.paramcd]));
    for (const r of a.mrdRates) {
      const c = count.get(`${code.get(`${r.endpoint}|${r.threshold}`)}|${r.population}|${r.arm}`) ?? [0, 0];
      expect(c, `${r.endpoint} ${r.population} ${r.threshold} ${r.arm}`).toEqual([r.x, r.n]);
    }
    expect(count.get('MRDNCR5|ITT|ISA')).toEqual([147, 265]);
    expect(count.get('MRDNCR5|ITT|CTL')).toEqual([74, 181]);
  });

  it('the transport files hold exactly the model: names, labels, lengths, formats and every value', async () => {
    for (const ds of datasets) {
      const lengths = variableLengths(ds);
      let vars: XportVariable[] = [];
      let i = 0;
      let bad = 0;
      const scan = await scanXport(file(`${ds.name.toLowerCase()}.xpt`), ds.name, { decode: (b) => b.toString('utf8') }, (m) => (vars = m.variables), (row) => {
        vars.forEach((v, j) => {
          const got = v.type === 'num' ? xportNumber(row, v) : row.buf.toString('utf8', row.at + v.position, row.at + v.position + v.length).trimEnd();
          let want = expected(ds, j, i);
          if (ds.variables[j].type === 'date' && typeof want === 'number') want = want - SAS_EPOCH_DAY;
          if (!same(got, want) && bad++ < 5) expect(got, `${ds.name}.${v.name} row ${i + 1}`).toEqual(want);
        });
        i++;
      });
      expect(bad, ds.name).toBe(0);
      expect(i).toBe(ds.rows);
      expect(scan.member.name).toBe(ds.name);
      expect(scan.member.label).toBe(ds.label);
      expect(scan.member.variables.map((v) => [v.name, v.label, v.type, v.length, v.format])).toEqual(
        ds.variables.map((v) => [v.name, v.label, v.type === 'text' ? 'char' : 'num', lengths.get(v.name), v.format ? v.format.replace(/\d*\.\d*$/, '') : '']),
      );
    }
  });

  it('the Dataset-JSON 1.1 files hold the same values, dates as ISO text, with the column metadata', async () => {
    for (const ds of datasets) {
      const lengths = variableLengths(ds);
      let meta: DatasetJsonMeta | null = null;
      let bad = 0;
      const scan = await scanDatasetJson(file(`${ds.name.toLowerCase()}.json`), ds.name, (m) => (meta = m), (values: JsonScalar[], row) => {
        values.forEach((v, j) => {
          const type = ds.variables[j].type;
          const got = v === null ? (type === 'text' ? '' : Number.NaN) : type === 'date' ? parseIsoDate(v as string)! : (v as string | number);
          if (!same(got, expected(ds, j, row - 1)) && bad++ < 5) expect(got, `${ds.name} column ${j} row ${row}`).toEqual(expected(ds, j, row - 1));
        });
      });
      expect(bad).toBe(0);
      expect(scan.rows).toBe(ds.rows);
      const m = meta! as DatasetJsonMeta;
      expect([m.datasetJSONVersion, m.name, m.label, m.records]).toEqual(['1.1.0', ds.name, ds.label, ds.rows]);
      expect(m.columns.map((c) => [c.name, c.label, c.dataType, c.length ?? null])).toEqual(
        ds.variables.map((v) => [v.name, v.label, { text: 'string', integer: 'integer', float: 'double', date: 'date' }[v.type], v.type === 'text' ? lengths.get(v.name) : null]),
      );
      expect(m.columns.filter((c) => c.keySequence).sort((x, y) => x.keySequence! - y.keySequence!).map((c) => c.name)).toEqual(ds.keys);
    }
  });

  it('the CSV files hold the same values (ISO dates, shortest round-trip numbers, empty when missing)', () => {
    for (const ds of datasets) {
      const rows = csvRows(readFileSync(file(`${ds.name.toLowerCase()}.csv`), 'utf8'));
      expect(rows[0]).toEqual(ds.variables.map((v) => v.name));
      expect(rows.length - 1).toBe(ds.rows);
      let bad = 0;
      for (let i = 0; i < ds.rows; i++) {
        ds.variables.forEach((v, j) => {
          const cell = rows[i + 1][j];
          const got = v.type === 'text' ? cell : cell === '' ? Number.NaN : v.type === 'date' ? parseIsoDate(cell)! : Number(cell);
          if (!same(got, expected(ds, j, i)) && bad++ < 5) expect(got, `${ds.name}.${v.name} row ${i + 1}`).toEqual(expected(ds, j, i));
        });
      }
      expect(bad).toBe(0);
    }
  });

  it('are written as SAS transport alone by default', async () => {
    const plain = await analyseStudy('data-samples/imroz-like');
    expect([...adamFiles(plain, 'test').keys()]).toEqual(['adam/admrd.xpt', 'adam/admrds.xpt', 'adam/adtte.xpt', 'adam/define.xml']);
  });

  it('are the same bytes when written again', () => {
    const again = adamFiles(a, 'test');
    for (const [name, content] of again) {
      const bytes = typeof content === 'function' ? Buffer.concat([...content()].map((c) => (typeof c === 'string' ? Buffer.from(c) : c))) : Buffer.from(content as string);
      expect(Buffer.compare(bytes, readFileSync(join(dir, 'out', name))), name).toBe(0);
    }
  });

  it('a value longer than SAS V5 allows stops the run with the variable named (exit 2), never cut', () => {
    const long = { ...a, plan: { ...a.plan, study: 'S'.repeat(201) } };
    expect(() => adamFiles(long, 'test')).toThrow(UserError);
    expect(() => adamFiles(long, 'test')).toThrow(/ADMRD\.STUDYID holds a value of 201 bytes/);
    const noXpt = { ...long, plan: { ...long.plan, report: { ...long.plan.report, adamFormats: ['csv' as const] } } };
    expect([...adamFiles(noXpt, 'test').keys()]).toEqual(['adam/admrd.csv', 'adam/admrds.csv', 'adam/adtte.csv', 'adam/define.xml']);
  });
});

describe('define.xml', () => {
  let xml: string;
  let doc: Record<string, any>;
  beforeAll(() => {
    xml = readFileSync(file('define.xml'), 'utf8');
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name, _path, _leaf, isAttribute) => !isAttribute && !['ODM', 'Study', 'GlobalVariables', 'MetaDataVersion', 'def:Standards', 'Description', 'TranslatedText', 'def:Class', 'def:leaf', 'def:title', 'Decode'].includes(name) }).parse(xml);
  });

  it('is well-formed XML with the ODM 1.3.2 / Define-XML 2.1 root and standards', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const odm = doc.ODM;
    expect([odm['@xmlns'], odm['@xmlns:def'], odm['@ODMVersion'], odm['@FileType'], odm['@def:Context'], odm['@CreationDateTime']]).toEqual([
      'http://www.cdisc.org/ns/odm/v1.3',
      'http://www.cdisc.org/ns/def/v2.1',
      '1.3.2',
      'Snapshot',
      'Submission',
      '2024-01-26T00:00:00',
    ]);
    const mdv = odm.Study.MetaDataVersion;
    expect(mdv['@def:DefineVersion']).toBe('2.1.0');
    expect(mdv['def:Standards']['def:Standard'][0]['@Name']).toBe('ADaMIG');
    expect(odm.Study.GlobalVariables.StudyName[0]).toBe('IMROZ-LIKE-SYN');
  });

  it('describes each data set, its class, keys and file, and every variable with type, length and origin', () => {
    const mdv = doc.ODM.Study.MetaDataVersion;
    const groups = mdv.ItemGroupDef as Record<string, any>[];
    expect(groups.map((g) => [g['@Name'], g['def:Class']['@Name'], g['def:leaf']['@xlink:href'], g['@Purpose']])).toEqual([
      ['ADMRD', 'BASIC DATA STRUCTURE', 'admrd.xpt', 'Analysis'],
      ['ADMRDS', 'ADAM OTHER', 'admrds.xpt', 'Analysis'],
      ['ADTTE', 'BASIC DATA STRUCTURE', 'adtte.xpt', 'Analysis'],
    ]);
    expect(groups[2]['def:Class']['def:SubClass'][0]['@Name']).toBe('TIME-TO-EVENT');
    const items = new Map((mdv.ItemDef as Record<string, any>[]).map((d) => [d['@OID'], d]));
    datasets.forEach((ds, k) => {
      const lengths = variableLengths(ds);
      const refs = groups[k].ItemRef as Record<string, any>[];
      expect(refs.map((r) => r['@ItemOID'])).toEqual(ds.variables.map((v) => `IT.${ds.name}.${v.name}`));
      expect(refs.filter((r) => r['@KeySequence']).sort((x, y) => Number(x['@KeySequence']) - Number(y['@KeySequence'])).map((r) => r['@ItemOID'].split('.')[2])).toEqual(ds.keys);
      for (const v of ds.variables) {
        const d = items.get(`IT.${ds.name}.${v.name}`)!;
        expect([d['@Name'], d['@DataType'], Number(d['@Length']), d.Description.TranslatedText['#text']]).toEqual([v.name, v.type === 'date' ? 'integer' : v.type, lengths.get(v.name), v.label]);
        expect(d['def:Origin'][0]['@Type']).toBe(v.origin.type);
      }
    });
  });

  it('states the rule of every parameter and derived variable, and every OID it names is defined', () => {
    const mdv = doc.ODM.Study.MetaDataVersion;
    const methods = new Map((mdv.MethodDef as Record<string, any>[]).map((m) => [m['@OID'], m.Description.TranslatedText['#text'] as string]));
    expect(methods.get('MT.ADMRD.AVALC.MRDNCR5')).toMatch(/CR or sCR/);
    expect(methods.get('MT.ADMRD.AVALC.SMRDNI5')).toMatch(/at least 365 days apart/);
    expect(methods.get('MT.ADTTE.AVAL.PFSLM12')).toMatch(/Landmark analysis/);
    const defined = new Set<string>([
      ...(mdv.ItemDef as Record<string, any>[]).map((d) => d['@OID']),
      ...(mdv.CodeList as Record<string, any>[]).map((d) => d['@OID']),
      ...methods.keys(),
      ...(mdv['def:ValueListDef'] as Record<string, any>[]).map((d) => d['@OID']),
      ...(mdv['def:WhereClauseDef'] as Record<string, any>[]).map((d) => d['@OID']),
      ...(mdv.ItemGroupDef as Record<string, any>[]).map((g) => g['def:leaf']['@ID']),
    ]);
    const named = [...xml.matchAll(/\b(?:ItemOID|CodeListOID|MethodOID|ValueListOID|WhereClauseOID|def:ItemOID|def:ArchiveLocationID)="([^"]+)"/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(200);
    expect(named.filter((oid) => !defined.has(oid))).toEqual([]);
    // value-level metadata: one ItemRef per parameter, each with its where clause
    const vl = (mdv['def:ValueListDef'] as Record<string, any>[]).map((v) => [v['@OID'], v.ItemRef.length]);
    expect(vl).toEqual([
      ['VL.ADMRD.AVALC', datasets[0].parameters!.length],
      ['VL.ADTTE.AVAL', datasets[2].parameters!.length],
    ]);
  });
});
