/** Split from properties.test.ts so that the two longest property runs go to different test workers. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, outcome, studyCopies } from '../helpers/propertyStudy.js';

const copyStudy = studyCopies();

// Cells a lab export can really contain, and some it should not.
const cell = fc.oneof(
  fc.constantFrom('', 'Y', 'N', 'NGS', 'NGF', 'NEGATIVE', 'POSITIVE', 'FAILED', 'NOT DONE', 'BM', 'PB', 'CR', 'PD', 'E01', 'C02', 'X99', 'EXP', 'CTL'),
  fc.constantFrom('2023-02-29', '2024-02-29', '31/12/2024', '2024-13-01', '1e-5', '-1', '0', 'NaN', 'Infinity', '1,5', '=SUM(A1)', '<script>', '"', '""', '\\'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -10, max: 1e7 }).map(String),
);

describe('property: malformed inputs never crash (random cell edits)', () => {
  it('random edits of the sample study give a result or a UserError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.array(fc.tuple(fc.nat(60), fc.nat(20), cell), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (file, edits, dropLine) => {
          const dir = copyStudy('data-samples/sample-study');
          const lines = readFileSync(join(dir, file), 'utf8').split('\n');
          for (const [r, c, v] of edits) {
            const row = 1 + (r % Math.max(1, lines.length - 1));
            const fields = (lines[row] ?? '').split(',');
            fields[c % Math.max(1, fields.length + 1)] = v.includes(',') || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v;
            lines[row] = fields.join(',');
          }
          if (dropLine && lines.length > 2) lines.splice(1, 1);
          writeFileSync(join(dir, file), lines.join('\n'));
          expect(['ok', 'user-error']).toContain(await outcome(dir));
        },
      ),
      { numRuns: 40, seed: 20261121 },
    );
  }, 300_000);

});
