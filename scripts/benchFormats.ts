/**
 * `npm run bench:formats [-- --subjects N]`: the read stage of `mrd run` (readStudy: every table of
 * the study folder, typed and accounted) on the same synthetic study stored three ways — the native
 * CSV files, SAS transport v5 files and Dataset-JSON 1.1 files with the same table and column names
 * (dates as SAS numeric dates and datetimes in XPT, ISO 8601 text in JSON). Each read runs in a
 * process of its own, so that its wall time and peak resident memory are the read's alone; the
 * formats alternate over --runs rounds (default 2) so that machine drift hits them alike. The last
 * output line is one JSON object with every figure.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSyntheticStudy } from '../data-samples/synthetic/generate.js';
import { readTable } from '../pipeline/ingest/readTable.js';
import { readStudy } from '../pipeline/ingest/readStudy.js';
import { MRD, RESPONSE, SUBJECTS, TTE, type FileSpec } from '../model/schema.js';
import type { Table } from '../pipeline/ingest/table.js';
import { formatDay, SAS_EPOCH_DAY } from '../pipeline/ingest/dates.js';
import { xportChunks, type XportColumn } from '../reports/render/xportWriter.js';
import { datasetJsonChunks, type DatasetJsonColumnOut } from '../reports/render/datasetJsonWriter.js';

const TABLES: { name: string; spec: FileSpec; extra: string[] }[] = [
  { name: 'subjects', spec: SUBJECTS, extra: ['AGEGRP', 'RISSGRP'] },
  { name: 'mrd', spec: MRD, extra: [] },
  { name: 'response', spec: RESPONSE, extra: [] },
  { name: 'tte', spec: TTE, extra: [] },
];

async function writeChunks(path: string, chunks: Iterable<Buffer | string>): Promise<void> {
  const out = createWriteStream(path);
  for (const c of chunks) if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

/** The columns of a table as read, in file order, with what each writer needs. */
function columnsOf(t: Table, spec: FileSpec) {
  const types = new Map(spec.columns.map((c) => [c.name, c.type]));
  return t.header
    .filter((h) => h in t.text || h in t.num)
    .map((name) => ({ name, type: types.get(name) ?? 'string', text: t.text[name], num: t.num[name] }));
}

/** Writes the study's CSV tables as <table>.xpt and <table>.json in two sibling folders. */
async function convert(csvDir: string, xptDir: string, jsonDir: string): Promise<void> {
  for (const d of [xptDir, jsonDir]) {
    mkdirSync(d, { recursive: true });
    copyFileSync(join(csvDir, 'study.yaml'), join(d, 'study.yaml'));
  }
  const created = new Date(Date.UTC(2025, 0, 1));
  for (const { name, spec, extra } of TABLES) {
    const t = await readTable(csvDir, spec, extra, extra.length > 0);
    const cols = columnsOf(t, spec);
    const missing = (v: number) => (Number.isNaN(v) ? null : v);
    const xcols: XportColumn[] = cols.map((c) => ({
      name: c.name,
      label: c.name,
      type: c.num ? 'num' : 'char',
      ...(c.type === 'date' ? { format: 'DATE9.' } : c.type === 'datetime' ? { format: 'DATETIME20.' } : {}),
    }));
    const xvalues = cols.map((c) => {
      if (!c.num) return c.text;
      const v = c.num;
      if (c.type === 'date') return Float64Array.from(v, (d) => d - SAS_EPOCH_DAY);
      if (c.type === 'datetime') return Float64Array.from(v, (m) => (m - SAS_EPOCH_DAY * 1440) * 60);
      return v;
    });
    await writeChunks(join(xptDir, `${name}.xpt`), xportChunks({ name: name.toUpperCase().slice(0, 8), label: name, columns: xcols, values: xvalues, rows: t.n }, created));
    const jcols: DatasetJsonColumnOut[] = cols.map((c) => ({
      name: c.name,
      label: c.name,
      dataType: c.type === 'date' ? 'date' : c.type === 'datetime' ? 'datetime' : c.num ? 'double' : 'string',
    }));
    const jvalues = cols.map((c) => {
      const v = c.num;
      if (!v) return c.text;
      if (c.type === 'date') return { at: (i: number) => (Number.isNaN(v[i]) ? null : formatDay(v[i])) };
      if (c.type === 'datetime') return { at: (i: number) => (Number.isNaN(v[i]) ? null : new Date(v[i] * 60_000).toISOString().slice(0, 16)) };
      return { at: (i: number) => missing(v[i]) };
    });
    await writeChunks(join(jsonDir, `${name}.json`), datasetJsonChunks({ name: name.toUpperCase(), label: name, columns: jcols, values: jvalues, rows: t.n }, { created: '2025-01-01T00:00:00' }));
  }
}

interface ReadResult { format: string; readS: number; peakRssMB: number; rowsRead: number; rowsUsed: number; bytes: number }

/** One read of a folder, in this process (the --read mode). */
async function readOnce(dir: string): Promise<Omit<ReadResult, 'format' | 'bytes'>> {
  const t = performance.now();
  const study = await readStudy(dir);
  const readS = (performance.now() - t) / 1000;
  const tables = Object.values(study.tables);
  return {
    readS: Math.round(readS * 1000) / 1000,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    rowsRead: tables.reduce((s, x) => s + x.rowsRead, 0),
    rowsUsed: tables.reduce((s, x) => s + x.n, 0),
  };
}

function folderBytes(dir: string, ext: string): number {
  return TABLES.reduce((s, t) => s + statSync(join(dir, `${t.name}.${ext}`)).size, 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { subjects: { type: 'string' }, runs: { type: 'string' }, read: { type: 'string' } } });
  if (values.read) {
    process.stdout.write(JSON.stringify(await readOnce(values.read)) + '\n');
    return;
  }
  const n = Number(values.subjects ?? 1_000_000);
  const runs = Number(values.runs ?? 2);
  const root = mkdtempSync(join(tmpdir(), `mrd-bench-formats-${n}-`));
  try {
    const dirs = { csv: join(root, 'csv'), xpt: join(root, 'xpt'), json: join(root, 'json') };
    const { mrdRows } = await generateSyntheticStudy(dirs.csv, n, 7);
    await convert(dirs.csv, dirs.xpt, dirs.json);
    spawnSync('sync');
    const results: ReadResult[] = [];
    for (let r = 0; r < runs; r++)
      for (const [format, dir] of Object.entries(dirs)) {
        const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--read', dir], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`reading the ${format} study failed: ${child.stderr}`);
        const res = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Omit<ReadResult, 'format' | 'bytes'>;
        const bytes = folderBytes(dir, format);
        results.push({ format, bytes, ...res });
        console.log(`${n} subjects, ${mrdRows} MRD rows, ${format}: ${(bytes / 1e6).toFixed(0)} MB read in ${res.readS} s, peak ${res.peakRssMB} MB, ${res.rowsRead} rows read, ${res.rowsUsed} used`);
      }
    console.log(JSON.stringify({ benchmark: 'mrd-read-formats', node: process.version, subjects: n, mrdRows, results }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
