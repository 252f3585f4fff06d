import { describe, expect, it } from 'vitest';
import { isShared, sharedCopy, sharedFloat64, sharedInt32 } from '../../model/sharedArrays.js';
import { analyseStudy, type SampleParts } from '../../pipeline/analyse.js';
import { rejectRows } from '../../pipeline/ingest/filterTable.js';
import type { Table } from '../../pipeline/ingest/readTable.js';

/** Every array of a table: line, numbers, and each text column's codes or byte pool and ranges. */
function arraysOf(t: Table): [string, ArrayBufferView][] {
  const out: [string, ArrayBufferView][] = [['line', t.line]];
  for (const [k, v] of Object.entries(t.num)) out.push([k, v]);
  for (const [k, c] of Object.entries(t.text)) {
    const b = c.bytes;
    if (b) out.push([`${k}.pool`, b.pool], [`${k}.from`, b.from], [`${k}.to`, b.to]);
    else out.push([`${k}.codes`, c.codes]);
  }
  return out;
}

describe('shared arrays', () => {
  it('sharedCopy copies the first values into shared memory of exactly that length', () => {
    const v = new Float64Array([1.5, -2, Number.NaN, 4]);
    const c = sharedCopy(v, 3);
    expect(isShared(c)).toBe(true);
    expect(isShared(v)).toBe(false);
    expect([...c]).toEqual([1.5, -2, Number.NaN]);
    expect(c.buffer.byteLength).toBe(24);
    const i = sharedInt32(2);
    i[1] = 7;
    expect([...sharedCopy(i)]).toEqual([0, 7]);
    expect(sharedFloat64(2).every((x) => x === 0)).toBe(true);
  });

  it('the readers and the per-sample derivations give shared arrays, as the listing worker needs; rejected rows keep them shared', async () => {
    let parts: SampleParts | null = null;
    let calls = 0;
    const a = await analyseStudy('data-samples/messy-lab', {
      onSamples: (p) => {
        parts = p;
        calls++;
      },
    });
    expect(calls).toBe(1);
    const p = parts! as SampleParts;
    // messy-lab rejects rows: its tables went through rejectRows
    expect(a.accounting.find((r) => r.file === 'mrd.csv')!.rowsRejected).toBeGreaterThan(0);
    for (const t of ['subjects', 'mrd', 'response', 'tte'] as const) {
      for (const [name, v] of arraysOf(p.tables[t])) expect(isShared(v), `${t}.${name}`).toBe(true);
    }
    const derived = [p.sensitivity.lod, p.sensitivity.cells, p.sensitivity.source, p.exclusion, ...p.sampleStatus.flatMap((s) => [s.status, s.reason])];
    for (const v of derived) expect(isShared(v)).toBe(true);
    expect(a.sampleStatus).toBe(p.sampleStatus);
    const dropped = rejectRows(p.tables.mrd, new Map([[0, { rule: 'x', message: 'y' }]]));
    for (const [name, v] of arraysOf(dropped)) expect(isShared(v), name).toBe(true);
  });

  it('the Analysis keeps the MRD table without the numbers only validation and the achieved sensitivity read', async () => {
    let mrdAtSamples: Table | null = null;
    const a = await analyseStudy('data-samples/sample-study', { onSamples: (p) => (mrdAtSamples = p.tables.mrd) });
    // sample-study has NGS rows whose cells come from DNA: the cells analysed are a copy, CELLS is dropped too
    expect(a.sensitivity.source.includes(4)).toBe(true);
    for (const gone of ['CELLS', 'DNANG', 'LOD', 'CLONALEV', 'RECVDTM', 'PROCDTM']) expect(a.tables.mrd.num[gone]).toBeUndefined();
    expect(Object.keys(a.tables.mrd.num)).toEqual(expect.arrayContaining(['COLLDT', 'MRDLEVEL']));
    expect(mrdAtSamples).toBe(a.tables.mrd);
    expect(a.sensitivity.cells.length).toBe(a.tables.mrd.n);
  });
});
