import { afterAll, expect } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { UserError } from '../../pipeline/errors.js';
import { badGeometry, svgCache } from './figureRenderers.js';

/** The input files the property tests edit. */
export const FILES = ['subjects.csv', 'mrd.csv', 'response.csv', 'tte.csv', 'therapy.csv'];

/** A copy of a study folder, removed after the test file. */
export function studyCopies(): (from: string) => string {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
  return (from) => {
    const d = mkdtempSync(join(tmpdir(), 'mrd-prop-'));
    roots.push(d);
    cpSync(from, d, { recursive: true });
    return d;
  };
}

/**
 * Runs the whole analysis and writes every output in memory (figures as SVGs: svgCache); anything but
 * success or a UserError is a failure of the property, and so is a figure placing a mark at NaN.
 */
export async function outcome(dir: string): Promise<'ok' | 'user-error'> {
  try {
    const a = await analyseStudy(dir);
    const files = await buildOutputs(a, { lang: 'en', version: 'test', figures: svgCache() });
    for (const [path, content] of files) if (path.endsWith('.svg')) expect(badGeometry(String(content)), path).toEqual([]);
    return 'ok';
  } catch (e) {
    if (e instanceof UserError) return 'user-error';
    throw e;
  }
}
