import { describe, expect, it, vi } from 'vitest';
import { FILES } from '../../model/schema.js';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import type { Table } from '../../pipeline/ingest/readTable.js';
import { analyseStudy } from '../../pipeline/analyse.js';
import { validateStudy } from '../../pipeline/validate/validateStudy.js';
import { buildResults } from '../../reports/buildResults.js';
import { figureSpecs } from '../../reports/figures/figureSpecs.js';
import { sampleListing } from '../../reports/tables/sampleListing.js';
import { LABELS } from '../../reports/labels.js';

/**
 * The derivations must not depend on how the reader lays out a dictionary: tables are read as usual,
 * then their text columns re-encoded (a) without deduplication wherever the reader may do that
 * (`string` columns: USUBJID, SAMPLEID, LAB, ...; every row its own code), and (b) distinct but with the
 * dictionary in another order and holding values no row has (as after rejected rows). Every result
 * must equal the one from the reader's own encoding.
 */
type Layout = 'reader' | 'not-distinct' | 'reordered';
const layout = vi.hoisted(() => ({ current: 'reader' as 'reader' | 'not-distinct' | 'reordered' }));

vi.mock('../../pipeline/ingest/readTable.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../pipeline/ingest/readTable.js')>();
  return {
    ...mod,
    readTable: async (...args: Parameters<typeof mod.readTable>) => relayout(await mod.readTable(...args), args[1].file),
  };
});

const stringColumns = new Map(FILES.map((f) => [f.file, new Set(f.columns.filter((c) => c.type === 'string').map((c) => c.name))]));

function notDistinct(values: (string | null)[]): TextColumn {
  const dict: (string | null)[] = [null];
  const codes = Int32Array.from(values, (v) => (v === null ? 0 : dict.push(v) - 1));
  return new TextColumn(codes, dict, false);
}

function reordered(values: (string | null)[]): TextColumn {
  const distinctValues = [...new Set(values.filter((v) => v !== null))];
  const dict: (string | null)[] = [null, 'UNUSED \u0000 VALUE', ...distinctValues.reverse(), ''];
  const code = new Map(dict.map((v, k) => [v, k]));
  return new TextColumn(Int32Array.from(values, (v) => code.get(v)!), dict, true);
}

function relayout(t: Table, file: string): Table {
  if (layout.current === 'reader') return t;
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(t.text)) {
    const values = col.toArray();
    const isString = stringColumns.get(file)?.has(k) ?? true; // plan extras (strata, subgroups) are strings
    text[k] = layout.current === 'reordered' ? reordered(values) : isString ? notDistinct(values) : col;
  }
  return { ...t, text };
}

async function everything(dir: string) {
  const a = await analyseStudy(dir);
  const v = await validateStudy(dir);
  return JSON.stringify({
    results: buildResults(a, 'test'),
    figures: figureSpecs(a, 'en'),
    listing: sampleListing(a, LABELS.en),
    validation: v,
  });
}

describe.each(['data-samples/messy-lab', 'data-samples/rules-check', 'data-samples/rules-check-both', 'data-samples/sample-study'])(
  'results do not depend on the dictionary layout: %s',
  (dir) => {
    it.each<Layout>(['not-distinct', 'reordered'])('%s dictionaries give the same results', async (other) => {
      layout.current = 'reader';
      const expected = await everything(dir);
      layout.current = other;
      try {
        const a = await analyseStudy(dir);
        expect(a.tables.mrd.text.USUBJID.distinct).toBe(other === 'reordered');
        expect(a.tables.mrd.text.METHOD.dict[1]).toBe(other === 'reordered' ? 'UNUSED \u0000 VALUE' : a.tables.mrd.text.METHOD.dict[1]);
        expect(await everything(dir)).toBe(expected);
      } finally {
        layout.current = 'reader';
      }
    });
  },
);
