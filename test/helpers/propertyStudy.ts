import { afterAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { UserError } from '../../pipeline/errors.js';
import { figureCache } from './figureRenderers.js';

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

/** Runs the whole analysis; anything but success or a UserError is a failure of the property. */
export async function outcome(dir: string): Promise<'ok' | 'user-error'> {
  try {
    const a = await analyseStudy(dir);
    await buildOutputs(a, { lang: 'en', version: 'test', figures: figureCache() });
    return 'ok';
  } catch (e) {
    if (e instanceof UserError) return 'user-error';
    throw e;
  }
}
