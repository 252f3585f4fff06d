import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, outcome, studyCopies } from '../helpers/propertyStudy.js';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { seededUniform } from '../../data-samples/random.js';
import { figureCache } from '../helpers/figureRenderers.js';

const copyStudy = studyCopies();

describe('property: malformed inputs never crash', () => {
  it('arbitrary bytes in any input file give a result or a UserError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILES, 'study.yaml'), fc.uint8Array({ maxLength: 400 }), async (file, bytes) => {
        const dir = copyStudy('data-samples/sample-study');
        writeFileSync(join(dir, file), bytes);
        expect(['ok', 'user-error']).toContain(await outcome(dir));
      }),
      { numRuns: 60, seed: 7 },
    );
  }, 300_000);

  it('random plans give a result or a UserError naming a plan key', async () => {
    const value = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: false }), fc.string({ maxLength: 8 }), fc.array(fc.double(), { maxLength: 3 }), fc.constantFrom([], {}, [1e-5], { code: 'A' }));
    const key = fc.constantFrom('study', 'cutoff', 'arms', 'strata', 'mrd', 'landmarks', 'mrdLandmark', 'stats', 'subgroups', 'lang', 'report', 'unknownKey');
    const sub = fc.constantFrom('thresholds', 'primaryThreshold', 'combine', 'ngf', 'ngs', 'timepoints', 'sustained', 'ciLevel', 'kmConfType', 'percentDecimals');
    await fc.assert(
      fc.asyncProperty(key, fc.option(sub, { nil: undefined }), value, async (k, s, v) => {
        const dir = copyStudy('data-samples/sample-study');
        const plan = JSON.parse(JSON.stringify({ study: 'P', cutoff: '2024-12-31', arms: [{ code: 'EXP', control: false }, { code: 'CTL', control: true }] }));
        if (s === undefined) plan[k] = v;
        else plan[k] = { [s]: v };
        rmSync(join(dir, 'study.yaml'));
        writeFileSync(join(dir, 'study.json'), JSON.stringify(plan));
        const r = await outcome(dir);
        expect(['ok', 'user-error']).toContain(r);
      }),
      { numRuns: 80, seed: 11 },
    );
  }, 300_000);
});

describe('property: row order does not matter', () => {
  const shuffle = (rows: string[], seed: number) => {
    const u = seededUniform(seed);
    const out = [...rows];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const outputs = async (dir: string) => {
    const files = await buildOutputs(await analyseStudy(dir), { lang: 'en', version: 'test', figures: figureCache() });
    const results = JSON.parse(files.get('results.json') as string);
    // input hashes and the source line of each rejected or listed row legitimately change with the order
    delete results.meta.inputs;
    return { results, summary: files.get('tables/efficacy_summary.csv'), rates: files.get('tables/mrd_rates.csv'), tte: files.get('tables/time_to_event.csv') };
  };
  it.each([['data-samples/rules-check'], ['data-samples/sample-study']])('%s: shuffled rows give identical results', async (study) => {
    const reference = await outputs(study);
    for (const seed of [1, 2]) {
      const dir = copyStudy(study);
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv'))) {
        const [header, ...rows] = readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
        writeFileSync(join(dir, f), [header, ...shuffle(rows, seed)].join('\n') + '\n');
      }
      const got = await outputs(dir);
      // flags carry the source line of their sample, which moves with the rows
      const strip = (r: { flags: { ngfAntiCd38: { line: number }[] } }) => ({ ...r, flags: { ...r.flags, ngfAntiCd38: r.flags.ngfAntiCd38.map(({ line: _line, ...f }) => f) } });
      expect(strip(got.results)).toEqual(strip(reference.results));
      expect(got.summary).toBe(reference.summary);
      expect(got.rates).toBe(reference.rates);
      expect(got.tte).toBe(reference.tte);
    }
  });
});
