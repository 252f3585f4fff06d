import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { figureCache } from '../helpers/figureRenderers.js';
import { writeOutputsAtomically } from '../../pipeline/write/writeOutputs.js';
import { writeStudy } from '../helpers/studyFixture.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('values from the data cannot subvert the outputs', () => {
  it('shows an HTML tag as text in report.html and neutralises formulas in CSV, keeping numbers numeric', async () => {
    const evil = '<script>alert(1)</script>';
    const study = writeStudy({
      subjects: [
        { USUBJID: evil, ARM: 'A', RANDDT: '2023-01-01' },
        { USUBJID: '=1+2', ARM: 'B', RANDDT: '2023-01-01' },
      ],
      mrd: [
        { USUBJID: evil, SAMPLEID: '@SUM(A1)', COLLDT: '2023-06-01', METHOD: 'NGS', RESULT: 'NEGATIVE', CELLS: 2000000 },
        { USUBJID: '=1+2', SAMPLEID: '-cmd', COLLDT: '2023-06-01', METHOD: 'NGS', RESULT: 'POSITIVE', MRDLEVEL: '1E-3', CELLS: 2000000 },
        { USUBJID: 'NOBODY<b>', SAMPLEID: 'S', COLLDT: '2023-06-01', METHOD: 'NGS', RESULT: 'NEGATIVE' },
      ],
    });
    roots.push(study.dir);
    const out = join(mkdtempSync(join(tmpdir(), 'mrd-esc-')), 'out');
    roots.push(out);
    const files = await buildOutputs(await analyseStudy(study.dir), { lang: 'en', version: 't', figures: figureCache() });
    await writeOutputsAtomically(out, files);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('NOBODY<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('NOBODY&lt;b&gt;'); // the rejected orphan row, shown in the report
    const listing = readFileSync(join(out, 'tables/mrd_samples.csv'), 'utf8');
    expect(listing).toContain(`'=1+2,'-cmd,`);
    expect(listing).toContain(`${evil},'@SUM(A1),`);
    const rejected = readFileSync(join(out, 'tables/rejected_rows.csv'), 'utf8');
    expect(rejected).toContain('NOBODY<b>'); // CSV is text: no formula, no escaping needed
    const rates = readFileSync(join(out, 'tables/mrd_rates.csv'), 'utf8');
    expect(rates).toMatch(/,"?0\/1 \(0\.0\) \[0\.0, 97\.5\]"?/); // numbers stay plain
  });
});
