/** startOutputs: what its pending writers hold once it has returned. */
import { describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { startOutputs } from '../../reports/buildOutputs.js';
import { collectGarbage } from '../../pipeline/collectGarbage.js';
import { figureCache } from '../helpers/figureRenderers.js';

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
    await nextTurn(); // a WeakRef's target is kept until the turn that made it ends
    collectGarbage()();
    expect(started.ref.deref()).toBeUndefined();
    expect(started.sensitivity.deref()).toBeUndefined(); // the listing holds its arrays, not the object
    // and the files are still there to write, the listing included
    const later = await started.outputs.later;
    expect(later.has('report.html')).toBe(true);
    const listing = started.outputs.ready.get('tables/mrd_samples.csv') as () => Iterable<Uint8Array>;
    const text = Buffer.concat([...listing()]).toString('utf8');
    expect(started.n).toBeGreaterThan(30);
    expect(text.split('\r\n')).toHaveLength(started.n + 2); // the header, a row per sample, the final line end
  });
});
