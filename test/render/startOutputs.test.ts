/** startOutputs: what its pending writers hold once it has returned. */
import { describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { startOutputs } from '../../reports/buildOutputs.js';
import { collectGarbage } from '../../pipeline/collectGarbage.js';
import { figureCache } from '../helpers/figureRenderers.js';

/**
 * Whether `ref`'s target is collected within three full collections, each in a turn of its own (a
 * WeakRef's target is kept until the end of the turn that made it or read it). One CI run (a fresh
 * clone, two workers under load) found the Analysis still there after a single collection, which no
 * other run here reproduced (the same clone 4 times, the file 5 times, the render tests 3 times); a
 * collection that finishes an incremental marking under way keeps what was allocated during it, so a
 * target that lives on through three is held by something, not missed once.
 */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    await nextTurn();
    collectGarbage()();
    await nextTurn();
    if (ref.deref() === undefined) return true;
  }
  return false;
}

describe('startOutputs', () => {
  // At 10^6 subjects the sample listing is written for many seconds after the tables are built; if a
  // writer or `later` closed over the Analysis, every array of it (1.4 GB) would stay alive meanwhile.
  // (The ADaM data sets' writers do read most of it, and are left out here: report.adamFormats [].)
  it('leaves the Analysis collectable: the writers and `later` hold only what they print', async () => {
    const started = await (async () => {
      const read = await analyseStudy('data-samples/sample-study');
      const a: Analysis = { ...read, plan: { ...read.plan, report: { ...read.plan.report, adamFormats: [] } } };
      return { n: a.tables.mrd.n, ref: new WeakRef<Analysis>(a), sensitivity: new WeakRef(a.sensitivity), outputs: await startOutputs(a, { lang: 'en', version: 't', figures: figureCache() }) };
    })();
    expect(await collected(started.ref)).toBe(true);
    expect(await collected(started.sensitivity)).toBe(true); // the listing holds its arrays, not the object
    // and the files are still there to write, the listing included
    const later = new Map<string, unknown>();
    for await (const batch of started.outputs.later) for (const [name, content] of batch) later.set(name, content);
    expect(later.has('report.html')).toBe(true);
    expect(later.has('figures/km_pfs.png')).toBe(true);
    const listing = started.outputs.ready.get('tables/mrd_samples.csv') as () => Iterable<Uint8Array>;
    const text = Buffer.concat([...listing()]).toString('utf8');
    expect(started.n).toBeGreaterThan(30);
    expect(text.split('\r\n')).toHaveLength(started.n + 2); // the header, a row per sample, the final line end
  });

  // With the data sets, their writers hold the arrays they print (most of the MRD table, the statuses,
  // the time-to-event records) until written: at 10^6 subjects for 45 s of writing 6.2 GB. The rest
  // must go: a closure over the Analysis in a data-set builder had kept all of it (1.5 GB).
  it('with ADaM data sets, leaves the Analysis and what no data set prints collectable', async () => {
    const started = await (async () => {
      const read = await analyseStudy('data-samples/sample-study');
      const a: Analysis = { ...read, plan: { ...read.plan, report: { ...read.plan.report, adamFormats: ['xpt'] } } };
      const unprinted = [a.assessments, a.tables.response, a.mrdRates].map((v) => new WeakRef<object>(v));
      return { ref: new WeakRef<Analysis>(a), unprinted, outputs: await startOutputs(a, { lang: 'en', version: 't', figures: figureCache() }) };
    })();
    expect(await collected(started.ref)).toBe(true);
    for (const r of started.unprinted) expect(await collected(r)).toBe(true);
    const xpt = started.outputs.ready.get('adam/admrd.xpt') as () => Iterable<Uint8Array>;
    expect(Buffer.concat([...xpt()]).toString('latin1', 0, 80)).toMatch(/^HEADER RECORD\*{7}LIBRARY HEADER RECORD/);
  });
});
