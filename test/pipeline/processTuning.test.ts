import { afterEach, describe, expect, it } from 'vitest';
import { keepRasterMemory, smallStudyBytes } from '../../pipeline/processTuning.js';

describe('process settings of the mrd program', () => {
  const saved = { purge: process.env.MIMALLOC_PURGE_DELAY, large: process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES, small: process.env.MRD_SMALL_STUDY_BYTES };
  afterEach(() => {
    for (const [k, v] of [['MIMALLOC_PURGE_DELAY', saved.purge], ['MIMALLOC_ALLOW_LARGE_OS_PAGES', saved.large], ['MRD_SMALL_STUDY_BYTES', saved.small]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it.each([
    ["keeps resvg's freed memory for a second", 'MIMALLOC_PURGE_DELAY', '1000', '5'],
    ['lets resvg use large pages', 'MIMALLOC_ALLOW_LARGE_OS_PAGES', '1', '0'],
  ] as const)('%s, unless the user chose otherwise (%s)', (_what, name, ours, users) => {
    delete process.env[name];
    keepRasterMemory();
    expect(process.env[name]).toBe(ours);
    process.env[name] = users;
    keepRasterMemory();
    expect(process.env[name]).toBe(users);
  });

  it('calls a study small under 2 MiB of data files, or under MRD_SMALL_STUDY_BYTES', () => {
    delete process.env.MRD_SMALL_STUDY_BYTES;
    expect(smallStudyBytes()).toBe(2_097_152);
    process.env.MRD_SMALL_STUDY_BYTES = '1000';
    expect(smallStudyBytes()).toBe(1000);
  });
});
