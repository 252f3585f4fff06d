import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kaplanMeier, type KmConfType } from '../../analyses/stats/kaplanMeier.js';
import { survivalQuantiles } from '../../analyses/stats/survivalQuantiles.js';
import { survivalAtTimes } from '../../analyses/stats/survivalAtTimes.js';
import { medianFollowUp } from '../../analyses/stats/medianFollowUp.js';
import { expectClose } from '../helpers/approx.js';

/** R values as written by kaplanMeier.R: numbers, or "NA" / "NaN" / "Inf" strings. */
type RNum = number | 'NA' | 'NaN' | 'Inf';
interface QuantileSet { probs: number[]; estimate: RNum[]; lower: RNum[]; upper: RNum[] }
interface Config {
  confType: KmConfType;
  level: number;
  lower: RNum[];
  upper: RNum[];
  quantiles: QuantileSet;
  quantilesExtra: QuantileSet;
  summary: { time: number[]; nRisk: number[]; surv: RNum[]; stdErr: RNum[]; lower: RNum[]; upper: RNum[] };
  medianFollowUp: { estimate: RNum; lower: RNum; upper: RNum };
}
interface Dataset {
  name: string;
  note: string;
  input: { time: string[]; event: number[] };
  n: number;
  events: number;
  curve: { time: number[]; nRisk: number[]; nEvent: number[]; nCensor: number[]; surv: RNum[]; stdErr: RNum[] };
  configs: Config[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/kaplanMeier.json', import.meta.url), 'utf8')) as {
  source: string;
  datasets: Dataset[];
};

/** R's NA and NaN are null in our results; Inf stays Infinity. */
const r = (v: RNum): number | null => (v === 'NA' || v === 'NaN' ? null : v === 'Inf' ? Infinity : v);

/** Tracks the largest relative error seen against a finite, non-zero reference. */
let maxRelErr = 0;
let compared = 0;
function close(actual: number | null | undefined, expected: RNum, label: string): void {
  const e = r(expected);
  expectClose(actual, e, 1e-6, 1e-12, label);
  compared++;
  if (typeof e === 'number' && Number.isFinite(e) && e !== 0 && typeof actual === 'number') {
    maxRelErr = Math.max(maxRelErr, Math.abs(actual - e) / Math.abs(e));
  }
}
function closeAll(actual: ArrayLike<number | null>, expected: RNum[], label: string): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) close(actual[k], expected[k], `${label}[${k}]`);
}

describe(`Kaplan-Meier family against ${fixture.source} (test/oracle/kaplanMeier.R)`, () => {
  it('covers the required datasets', () => {
    const names = fixture.datasets.map((d) => d.name);
    for (const name of ['lung', 'lungMale', 'lungFemale', 'veteran', 'heavyTies', 'allCensored', 'zeroEvents',
      'singleEvent', 'singleCensored', 'flatHalf', 'flatHalfTail', 'lastEvent', 'random500']) {
      expect(names).toContain(name);
    }
    for (const d of fixture.datasets) expect(d.configs.length).toBe(6);
  });

  for (const d of fixture.datasets) {
    describe(`${d.name}: ${d.note}`, () => {
      const time = d.input.time.map(Number);
      const event = d.input.event;

      it('curve: time, nRisk, nEvent, nCensor, surv, stdErr, n, events', () => {
        const km = kaplanMeier(time, event);
        expect(km.n).toBe(d.n);
        expect(km.events).toBe(d.events);
        closeAll(km.time, d.curve.time, 'time');
        expect(Array.from(km.nRisk)).toEqual(d.curve.nRisk);
        expect(Array.from(km.nEvent)).toEqual(d.curve.nEvent);
        expect(Array.from(km.nCensor)).toEqual(d.curve.nCensor);
        closeAll(km.surv, d.curve.surv, 'surv');
        closeAll(km.stdErr, d.curve.stdErr, 'stdErr');
      });

      for (const c of d.configs) {
        it(`${c.confType} ${c.level}: limits, quantiles, summary at times, median follow-up`, () => {
          const km = kaplanMeier(time, event, { confType: c.confType, level: c.level });
          closeAll(km.lower, c.lower, 'lower');
          closeAll(km.upper, c.upper, 'upper');

          for (const [label, set] of [['quantiles', c.quantiles], ['quantilesExtra', c.quantilesExtra]] as const) {
            const q = survivalQuantiles(km, set.probs);
            closeAll(q.map((x) => x.estimate), set.estimate, `${label} estimate`);
            closeAll(q.map((x) => x.lower), set.lower, `${label} lower`);
            closeAll(q.map((x) => x.upper), set.upper, `${label} upper`);
          }

          const s = survivalAtTimes(km, c.summary.time);
          expect(s.map((x) => x.time)).toEqual(c.summary.time);
          expect(s.map((x) => x.nRisk)).toEqual(c.summary.nRisk);
          closeAll(s.map((x) => x.surv), c.summary.surv, 'summary surv');
          closeAll(s.map((x) => x.stdErr), c.summary.stdErr, 'summary stdErr');
          closeAll(s.map((x) => x.lower), c.summary.lower, 'summary lower');
          closeAll(s.map((x) => x.upper), c.summary.upper, 'summary upper');

          const f = medianFollowUp(time, event, { confType: c.confType, level: c.level });
          close(f.estimate, c.medianFollowUp.estimate, 'follow-up estimate');
          close(f.lower, c.medianFollowUp.lower, 'follow-up lower');
          close(f.upper, c.medianFollowUp.upper, 'follow-up upper');
        });
      }
    });
  }

  it('reports the largest relative error', () => {
    expect(compared).toBeGreaterThan(10_000);
    console.log(`kaplanMeier oracle: ${compared} values, max relative error ${maxRelErr.toExponential(2)}`);
    expect(maxRelErr).toBeLessThan(1e-9);
  });
});
