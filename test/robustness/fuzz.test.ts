/**
 * Fuzzing the sample study (issue 17): each case mutates one or more input files the ways real
 * transfers go wrong (random bytes, re-encoding, truncation, another delimiter, permuted columns,
 * extreme values, impossible dates, line endings, lost or repeated lines) and asserts that
 * - `mrd validate` ends with 0, 1 or 2 and its stderr holds no stack trace;
 * - the analysis either succeeds or stops with a UserError (exit 2), never anything else (exit 70),
 *   and never runs past the time limit;
 * - when it succeeds, every file's rows read = used + rejected + skipped;
 * - every CASE_EVERY-th successful case also builds every output (tables, figures, ADaM data sets).
 * FUZZ_RUNS sets the number of cases (200 in `npm test`; the nightly-size run is FUZZ_RUNS=10000, see
 * docs/validation.md) and FUZZ_SEED the seed.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { figureCache } from '../helpers/figureRenderers.js';
import { UserError } from '../../pipeline/errors.js';
import { main } from '../../pipeline/cli.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const CASE_EVERY = 40;
const LIMIT_MS = 30_000;

const root = mkdtempSync(join(tmpdir(), 'mrd-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = ['subjects.csv', 'mrd.csv', 'response.csv', 'tte.csv', 'therapy.csv', 'study.yaml'] as const;

type Mutation =
  | { kind: 'bytes'; at: number; bytes: Uint8Array }
  | { kind: 'truncate'; at: number }
  | { kind: 'encode'; as: 'utf16le' | 'utf16le-bom' | 'latin1' }
  | { kind: 'delimiter'; to: string }
  | { kind: 'permute'; seed: number }
  | { kind: 'cell'; row: number; col: number; value: string }
  | { kind: 'line-ends'; to: '\r\n' | '\r' }
  | { kind: 'lines'; drop: number; repeat: number };

const EXTREME = fc.constantFrom(
  '1e308', '-1e308', '1e-320', '-0', '9007199254740993', '0x10', '1_000', '٣', 'NA', 'n.d.', '.', 'NaN', 'Infinity', '',
  '9999-12-31', '0001-01-01', '1900-02-29', '2024-02-30', '2035-06-01', '1899-12-31', '2024-1-5', '20240105', '31.12.2024',
  '=1+2', '-1+2', '@SUM(A1)', '"', 'x'.repeat(5000), '高危', 'e01', 'E01 ', '\u0000', '\uFFFD', '\uD800',
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(4000), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(4000) }),
  fc.record({ kind: fc.constant('encode' as const), as: fc.constantFrom('utf16le' as const, 'utf16le-bom' as const, 'latin1' as const) }),
  fc.record({ kind: fc.constant('delimiter' as const), to: fc.constantFrom(';', '\t', '|', ' ') }),
  fc.record({ kind: fc.constant('permute' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('cell' as const), row: fc.nat(60), col: fc.nat(20), value: fc.oneof(EXTREME, fc.string({ maxLength: 10 })) }),
  fc.record({ kind: fc.constant('line-ends' as const), to: fc.constantFrom('\r\n' as const, '\r' as const) }),
  fc.record({ kind: fc.constant('lines' as const), drop: fc.nat(50), repeat: fc.nat(50) }),
);

function apply(buf: Buffer, m: Mutation): Buffer {
  const text = () => buf.toString('utf8');
  switch (m.kind) {
    case 'bytes': {
      const at = m.at % (buf.length + 1);
      return Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(Math.min(buf.length, at + m.bytes.length))]);
    }
    case 'truncate':
      return buf.subarray(0, m.at % (buf.length + 1));
    case 'encode':
      return m.as === 'latin1' ? Buffer.from(text(), 'latin1') : Buffer.concat([m.as === 'utf16le-bom' ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text(), 'utf16le')]);
    case 'delimiter':
      return Buffer.from(text().replace(/,/g, m.to));
    case 'permute': {
      const lines = text().split('\n').map((l) => l.split(','));
      const width = lines[0].length;
      const order = [...Array(width).keys()];
      let s = m.seed;
      for (let i = width - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      return Buffer.from(lines.map((f) => (f.length === width ? order.map((k) => f[k]) : f).join(',')).join('\n'));
    }
    case 'cell': {
      const lines = text().split('\n');
      const row = 1 + (m.row % Math.max(1, lines.length - 1));
      const fields = (lines[row] ?? '').split(',');
      fields[m.col % Math.max(1, fields.length)] = /[",\n\r]/.test(m.value) ? `"${m.value.replace(/"/g, '""')}"` : m.value;
      lines[row] = fields.join(',');
      return Buffer.from(lines.join('\n'));
    }
    case 'line-ends':
      return Buffer.from(text().replace(/\r?\n/g, m.to));
    case 'lines': {
      const lines = text().split('\n');
      if (lines.length > 2) lines.splice(1 + (m.drop % (lines.length - 1)), 1);
      if (lines.length > 1) lines.splice(1, 0, lines[1 + (m.repeat % (lines.length - 1))]);
      return Buffer.from(lines.join('\n'));
    }
  }
}

let caseNo = 0;

async function quietly<T>(f: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    return { value: await f(), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function withinLimit<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} ran past ${LIMIT_MS} ms`)), LIMIT_MS)))]).finally(() => clearTimeout(timer));
}

describe('fuzz: hostile variants of the sample study', () => {
  it(`${RUNS} cases: exit 0, 1 (validate) or 2, never 70, no stack trace, every row accounted for`, async () => {
    const outcomes = { ok: 0, userError: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...FILES), mutation), { minLength: 1, maxLength: 3 }), async (edits) => {
        const dir = join(root, `case-${caseNo++}`);
        cpSync('data-samples/sample-study', dir, { recursive: true });
        for (const [file, m] of edits) writeFileSync(join(dir, file), apply(readFileSync(join(dir, file)), m));
        try {
          const v = await withinLimit(quietly(() => main(['validate', dir, '--out', join(dir, 'validated'), '--reproducible'])), 'mrd validate');
          expect([0, 1, 2], v.stderr).toContain(v.value);
          expect(v.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
          let analysis;
          try {
            analysis = await withinLimit(analyseStudy(dir), 'the analysis');
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            // what stops the run is an error in validate too (exit 1: reported; exit 2: unreadable)
            expect(v.value, `validate found nothing, but the run stopped with ${e.message}`).not.toBe(0);
            outcomes.userError++;
            return;
          }
          outcomes.ok++;
          for (const a of analysis.accounting) expect(a.rowsRead, a.file).toBe(a.rowsUsed + a.rowsRejected + a.rowsSkipped);
          if (outcomes.ok % CASE_EVERY === 1) await withinLimit(buildOutputs(analysis, { lang: 'en', version: 'fuzz', figures: figureCache() }), 'the outputs');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // both kinds of outcome occur, else the mutations are too mild or too brutal to test anything
    expect(outcomes.ok).toBeGreaterThan(RUNS / 10);
    expect(outcomes.userError).toBeGreaterThan(RUNS / 10);
    process.stdout.write(`fuzz: ${RUNS} cases, ${outcomes.ok} analysed, ${outcomes.userError} stopped with an input error\n`);
  }, 900_000);
});
