/**
 * Generator of a synthetic study of any size, for benchmarks: N subjects in two arms (3:2) with two
 * randomisation strata, about 8 MRD results per subject (NGS every visit, NGF at some), responses, PFS
 * and OS. Files are streamed to disk, so 10^6 subjects (8 million MRD rows) need little memory.
 *
 * Usage: node dist/data-samples/synthetic/generate.js --subjects N --out DIR [--seed S]
 */
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededUniform } from '../random.js';

const DAY = 86_400_000;
const iso = (epochDay: number) => new Date(epochDay * DAY).toISOString().slice(0, 10);
const START = Date.UTC(2019, 0, 1) / DAY;
const CUTOFF = Date.UTC(2025, 5, 30) / DAY;

/** Buffered line writer: one write call per ~1 MB keeps 10^7 rows fast. */
class Lines {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly out: WriteStream) {}
  async add(line: string): Promise<void> {
    this.buf.push(line);
    this.size += line.length + 1;
    if (this.size > 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((r) => this.out.end(() => r()));
  }
}

export async function generateSyntheticStudy(dir: string, subjects: number, seed = 1): Promise<{ mrdRows: number }> {
  mkdirSync(dir, { recursive: true });
  const u = seededUniform(seed);
  writeFileSync(
    join(dir, 'study.yaml'),
    `study: SYNTHETIC-${subjects}
cutoff: ${iso(CUTOFF)}
arms:
  - { code: EXP, label: Experimental, control: false }
  - { code: CTL, label: Control, control: true }
strata: [AGEGRP, RISSGRP]
subgroups: [AGEGRP]
mrd:
  primaryMethod: NGS
  combine: primary-only
  timepoints: [{ name: M12, month: 12, windowMonths: 3 }]
landmarks: [12, 24, 36]
`,
  );
  const open = (name: string, header: string) => {
    const l = new Lines(createWriteStream(join(dir, name)));
    void l.add(header);
    return l;
  };
  const subj = open('subjects.csv', 'USUBJID,ARM,RANDDT,ITTFL,AGEGRP,RISSGRP,SEX,ISOTYPE,SITEID');
  const mrd = open('mrd.csv', 'USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,SPEC,LAB,CENTRAL,VISIT,MRDLEVEL,CELLS,FAILRSN,HEMODIL,CLONEID');
  const resp = open('response.csv', 'USUBJID,ADT,AVALC,FLCNORM,IFE');
  const tte = open('tte.csv', 'USUBJID,PARAMCD,STARTDT,ADT,CNSR,EVNTDESC');
  let mrdRows = 0;
  const width = String(subjects).length;
  for (let i = 0; i < subjects; i++) {
    const id = `S${String(i + 1).padStart(width, '0')}`;
    const exp = u() < 0.6;
    const rand = START + Math.floor(u() * 3 * 365);
    await subj.add(`${id},${exp ? 'EXP' : 'CTL'},${iso(rand)},Y,${u() < 0.45 ? '<70' : '>=70'},${u() < 0.85 ? 'I-II' : 'III-UNK'},${u() < 0.5 ? 'M' : 'F'},${u() < 0.5 ? 'IGG-KAPPA' : 'IGA-LAMBDA'},S${1 + Math.floor(u() * 50)}`);
    // PFS: exponential with hazard ratio 0.6 for EXP, median 54 months in CTL
    const hazard = (Math.LN2 / 54) * (exp ? 0.6 : 1);
    const pfsMonths = -Math.log(1 - u()) / hazard;
    const follow = (CUTOFF - rand) / 30.4375;
    const pfsEvent = pfsMonths < follow;
    const pfsDay = rand + Math.round(Math.min(pfsMonths, follow) * 30.4375);
    await tte.add(`${id},PFS,${iso(rand)},${iso(pfsDay)},${pfsEvent ? 0 : 1},${pfsEvent ? 'PROGRESSION' : ''}`);
    const osMonths = pfsMonths + -Math.log(1 - u()) / (Math.LN2 / 30);
    const osEvent = osMonths < follow;
    await tte.add(`${id},OS,${iso(rand)},${iso(rand + Math.round(Math.min(osMonths, follow) * 30.4375))},${osEvent ? 0 : 1},${osEvent ? 'DEATH' : ''}`);
    // response: CR reached with probability 0.7 (EXP) / 0.6 (CTL)
    const cr = u() < (exp ? 0.7 : 0.6);
    for (let v = 1; v <= 4; v++) {
      const d = rand + v * 90;
      if (d >= pfsDay || d > CUTOFF) break;
      await resp.add(`${id},${iso(d)},${v >= 3 && cr ? 'CR' : v >= 2 ? 'VGPR' : 'PR'},${cr && v >= 3 ? 'Y' : 'N'},${cr && v >= 3 ? 'NEG' : 'POS'}`);
    }
    // MRD: NGS at 8 visits, 3 months apart from month 6; NGF paired at 2 of them
    const negative = cr && u() < 0.75;
    for (let v = 0; v < 8; v++) {
      const d = rand + 180 + v * 91;
      const ngf = v === 2 || v === 5;
      for (const method of ngf ? ['NGS', 'NGF'] : ['NGS']) {
        const r = u();
        const result = r < 0.04 ? 'FAILED' : negative && v >= 2 ? 'NEGATIVE' : 'POSITIVE';
        const level = result === 'POSITIVE' ? (10 ** (-6 + 4 * u())).toExponential(2) : '';
        const cells = result === 'FAILED' ? '' : String(Math.round((method === 'NGF' ? 3e6 : 4e5) + u() * 3e6));
        await mrd.add(`${id},${id}-${method}${v},${iso(d)},${method},${result},BM,CENTRAL-${method},Y,V${v},${level},${cells},${result === 'FAILED' ? 'INSUFFICIENT_DNA' : ''},N,${method === 'NGS' ? 'Y' : ''}`);
        mrdRows++;
      }
    }
  }
  await Promise.all([subj.close(), mrd.close(), resp.close(), tte.close()]);
  return { mrdRows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { subjects: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } } });
  const n = Number(values.subjects);
  if (!Number.isInteger(n) || n < 1 || !values.out) {
    console.error('usage: generate.js --subjects N --out DIR [--seed S]');
    process.exit(2);
  }
  const t0 = Date.now();
  const { mrdRows } = await generateSyntheticStudy(values.out, n, Number(values.seed ?? 1));
  console.log(`wrote ${n} subjects, ${mrdRows} MRD rows to ${values.out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
