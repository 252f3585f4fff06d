import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../pipeline/cli.js';
import { figureCache } from '../helpers/figureRenderers.js';
import type { FigureSpec } from '../../reports/figures/figureSpecs.js';

// these tests check the command's behaviour, not its figures: each distinct figure is drawn once
const DRAW_ONCE = { startFigures: figureCache };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err, restore: () => (o.mockRestore(), e.mockRestore()) };
}
let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-cli-'));
  dirs.push(d);
  return d;
}

describe('mrd proportion', () => {
  it('prints the SPEC JSON keys with the Clopper-Pearson CI', async () => {
    const c = capture();
    const code = await main(['proportion', '147', '265', '--json']);
    c.restore();
    expect(code).toBe(0);
    const j = JSON.parse(c.out.join(''));
    expect(Object.keys(j)).toEqual(['x', 'n', 'rate', 'ciLower', 'ciUpper']);
    expect([j.x, j.n]).toEqual([147, 265]);
    expect([Math.round(j.ciLower * 100), Math.round(j.ciUpper * 100)]).toEqual([49, 62]);
  });
  it('refuses X > N with a usage error and no stack trace', async () => {
    const c = capture();
    const code = await main(['proportion', '5', '3']);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toMatch(/^mrd: error: X \(5\) must not exceed N \(3\)/);
    expect(c.err.join('')).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe('mrd run error paths', () => {
  it('names a missing study folder', async () => {
    const c = capture();
    const code = await main(['run', '/nonexistent/study', '--out', join(tmp(), 'o')], DRAW_ONCE);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain('/nonexistent/study: the study folder does not exist');
  });
  it('refuses to replace a folder it did not write, and leaves it untouched', async () => {
    const out = tmp();
    writeFileSync(join(out, 'precious.txt'), 'keep me');
    const c = capture();
    const code = await main(['run', 'data-samples/sample-study', '--out', out], DRAW_ONCE);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain('[out.foreign]');
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('keep me');
  });
  it('replaces its own earlier output, and a failed run leaves the previous output in place', async () => {
    const out = join(tmp(), 'out');
    const c = capture();
    expect(await main(['run', 'data-samples/sample-study', '--out', out, '--reproducible'], DRAW_ONCE)).toBe(0);
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const broken = tmp();
    writeFileSync(join(broken, 'study.yaml'), 'study: X\ncutoff: 2024-01-01\narms: [{code: A}, {code: B, control: true}]\nmrd: {combine: nope}\n');
    expect(await main(['run', broken, '--out', out], DRAW_ONCE)).toBe(2);
    c.restore();
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(c.err.join('')).toContain('study.yaml:4: column mrd.combine, value "nope"');
  });
  it('never writes into the study folder', async () => {
    const study = tmp();
    mkdirSync(join(study, 'x'));
    const c = capture();
    const code = await main(['run', study, '--out', join(study, 'out')], DRAW_ONCE);
    c.restore();
    expect(code).toBe(2);
    expect(existsSync(join(study, 'out'))).toBe(false);
  });
  it('rejects an unknown option', async () => {
    const c = capture();
    const code = await main(['run', 'data-samples/sample-study', '--out', 'x', '--colour'], DRAW_ONCE);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain("Unknown option '--colour'");
  });
});

describe('mrd survival on an ADaM ADTTE (PFS and OS rows for every subject)', () => {
  const ADTTE = 'data-samples/imroz-adam/adtte.xpt';
  const base = ['survival', '--data', ADTTE, '--time', 'AVAL', '--cnsr', 'CNSR', '--group', 'ARMCD', '--reference', 'CTL', '--json'];

  it('refuses the pooled file (exit 2), naming the repeated subject, its two records and the PARAMCD filter to use', async () => {
    const c = capture();
    const code = await main(base);
    c.restore();
    expect(code).toBe(2);
    expect(c.out.join('')).toBe('');
    const err = c.err.join('');
    expect(err).toContain('adtte.xpt, record 2: column USUBJID, value "IMZ-0001": subject IMZ-0001 has more than one row (also record 1)');
    expect(err).toContain('--where PARAMCD=PFS');
    expect(err).toContain('[survival.repeated-subject]');
    expect(err).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('analyses one parameter with --where PARAMCD=PFS: 446 subjects, 192 events', async () => {
    const c = capture();
    const code = await main([...base, '--where', 'PARAMCD=PFS']);
    c.restore();
    expect(code).toBe(0);
    const j = JSON.parse(c.out.join(''));
    expect(j.groups.map((g: { group: string; n: number; events: number }) => [g.group, g.n, g.events])).toEqual([
      ['CTL', 181, 96],
      ['ISA', 265, 96],
    ]);
  });

  it('combines repeated --where filters (AND across columns, OR within a list)', async () => {
    const c = capture();
    const code = await main(['survival', '--data', ADTTE, '--time', 'AVAL', '--cnsr', 'CNSR', '--group', 'ARMCD', '--json', '--where', 'PARAMCD=PFS,OS', '--where', 'ARMCD=ISA', '--allow-repeated']);
    c.restore();
    expect(code).toBe(0);
    const j = JSON.parse(c.out.join(''));
    // both parameters of the 265 ISA subjects: 96 PFS + 62 OS events
    expect(j.groups.map((g: { group: string; n: number; events: number }) => [g.group, g.n, g.events])).toEqual([['ISA', 530, 158]]);
  });

  it('says so when --where selects nothing', async () => {
    const c = capture();
    const code = await main([...base, '--where', 'PARAMCD=EFS']);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain('no row selected by --where has a time, an event and a group');
  });
});

describe('mrd COMMAND --help', () => {
  it('prints the usage with exit 0', async () => {
    const c = capture();
    const code = await main(['survival', '--help']);
    c.restore();
    expect(code).toBe(0);
    expect(c.out.join('')).toContain('[--where COL=VALUE ...] [--id COL] [--allow-repeated]');
  });
});

describe('mrd run console and options', () => {
  it('report.figureFormats: [] starts no figure renderer and writes no figure; [svg] starts one', async () => {
    const study = tmp();
    const out = tmp();
    cpSync('data-samples/sample-study', study, { recursive: true });
    const yaml = readFileSync(join(study, 'study.yaml'), 'utf8');
    let started = 0;
    const counting = () => (started++, figureCache());
    const c = capture();
    writeFileSync(join(study, 'study.yaml'), `${yaml}\nreport:\n  figureFormats: []\n`);
    expect(await main(['run', study, '--out', join(out, 'none')], { startFigures: counting })).toBe(0);
    expect(started).toBe(0);
    writeFileSync(join(study, 'study.yaml'), `${yaml}\nreport:\n  figureFormats: [svg]\n`);
    expect(await main(['run', study, '--out', join(out, 'svg')], { startFigures: counting })).toBe(0);
    c.restore();
    expect(started).toBe(1);
    expect(existsSync(join(out, 'none', 'figures'))).toBe(false);
    expect(readdirSync(join(out, 'svg', 'figures')).every((f) => f.endsWith('.svg'))).toBe(true);
  });

  it('a large study (MRD_LARGE_STUDY_BYTES) starts its figure renderer only when the figures are drawn, after the analysis, and draws no PNG on the main thread; a small one draws its swimmer pages first, during the analysis; same bytes', async () => {
    const out = tmp();
    /** A renderer that notes whether it was asked to draw in the very tick it was started (the late path), what, and whether it was asked to help. */
    const starts: boolean[] = [];
    const asked: string[][] = [];
    let helped = 0;
    const noting = () => {
      const inner = figureCache();
      let sameTick = true;
      setImmediate(() => (sameTick = false));
      return {
        render: (specs: FigureSpec[], png?: boolean) => (starts.push(sameTick), asked.push(specs.map((f) => f.id)), inner.render(specs, png)),
        helpDraw: async () => void helped++,
        close: () => inner.close(),
      };
    };
    const c = capture();
    try {
      expect(await main(['run', 'data-samples/sample-study', '--out', join(out, 'early'), '--reproducible'], { startFigures: noting })).toBe(0);
      expect(helped).toBe(1);
      process.env.MRD_LARGE_STUDY_BYTES = '0';
      expect(await main(['run', 'data-samples/sample-study', '--out', join(out, 'late'), '--reproducible'], { startFigures: noting })).toBe(0);
    } finally {
      delete process.env.MRD_LARGE_STUDY_BYTES;
      c.restore();
    }
    expect(starts).toEqual([false, false, true]);
    // the small study: its swimmer pages (from the samples' statuses, before the statistics), then the rest; the large one: all at once, in the same order
    expect(asked[0].length).toBeGreaterThan(0);
    expect(asked[0].every((id) => id.startsWith('swimmer_mrd'))).toBe(true);
    expect(asked[1].some((id) => id.startsWith('swimmer_mrd'))).toBe(false);
    expect(asked[2].filter((id) => id.startsWith('swimmer_mrd'))).toEqual(asked[0]);
    expect(new Set(asked[2])).toEqual(new Set([...asked[0], ...asked[1]]));
    expect(helped).toBe(1); // not again for the large study
    const files = (d: string) => readdirSync(d, { recursive: true }).map(String).sort();
    expect(files(join(out, 'late'))).toEqual(files(join(out, 'early')));
    for (const f of files(join(out, 'early'))) {
      if (statSync(join(out, 'early', f)).isFile()) expect(readFileSync(join(out, 'late', f)).equals(readFileSync(join(out, 'early', f))), f).toBe(true);
    }
  });

  it('prints the ITT rates as an aligned table and says how many rows were rejected, pointing to mrd validate', async () => {
    const out = tmp();
    const c = capture();
    const code = await main(['run', 'data-samples/messy-lab', '--out', join(out, 'o')], DRAW_ONCE);
    c.restore();
    expect(code).toBe(0);
    const text = c.out.join('');
    expect(text).toMatch(/^29 input rows rejected: listed in .*rejected_rows\.csv; `mrd validate data-samples\/messy-lab --out DIR`/m);
    const table = text.split('\n').filter((l) => /^ {2}(ITT at|MRD_NEG|SUSTAINED)/.test(l));
    expect(table.length).toBeGreaterThanOrEqual(4);
    // the second column starts at the same place on every line
    const second = table.map((l) => /^ {2}\S+(?: \S+)* {3,}/.exec(l)![0].length);
    expect(new Set(second).size).toBe(1);
  });

  it('--strict: a rejected row stops the run with exit 2, the first rejections named, nothing written', async () => {
    const out = join(tmp(), 'o');
    const c = capture();
    const code = await main(['run', 'data-samples/messy-lab', '--out', out, '--strict'], DRAW_ONCE);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toMatch(/29 input rows were rejected and --strict is set; nothing was written/);
    expect(c.err.join('')).toMatch(/subjects\.csv:14 USUBJID subject\.duplicate/);
    expect(existsSync(out)).toBe(false);
  });

  it('COMMAND --help prints that command alone', async () => {
    for (const [cmd, own] of [['run', '--strict'], ['compare', '--strata FILE'], ['survival', '--allow-repeated'], ['proportion', 'X N']] as const) {
      const c = capture();
      expect(await main([cmd, '--help'])).toBe(0);
      c.restore();
      const text = c.out.join('');
      expect(text, cmd).toContain(`mrd ${cmd}`);
      expect(text, cmd).toContain(own);
      for (const other of ['run', 'validate', 'proportion', 'survival', 'compare'].filter((o) => o !== cmd)) expect(text, `${cmd} help shows ${other}`).not.toContain(`  mrd ${other} `);
    }
  });
});

describe('progress on stderr', () => {
  it('is silent off a terminal and for runs within 2 s, and shows every stage once a run is longer', async () => {
    const { progressReporter } = await import('../../pipeline/cli.js');
    const lines: string[] = [];
    const off = progressReporter(false, (l) => lines.push(l));
    off('read', 5000);
    expect(lines).toEqual([]);
    const on = progressReporter(true, (l) => lines.push(l));
    on('read', 800);
    on('validate', 1500);
    expect(lines).toEqual([]);
    on('derive', 2600);
    expect(lines).toEqual(['mrd: read done (0.8 s)\n', 'mrd: validate done (1.5 s)\n', 'mrd: derive done (2.6 s)\n']);
    on('statistics', 2700);
    expect(lines.at(-1)).toBe('mrd: statistics done (2.7 s)\n');
  });
});
