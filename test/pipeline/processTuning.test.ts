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

  it("keeps resvg's freed memory for a second, unless the user chose a delay", () => {
    delete process.env.MIMALLOC_PURGE_DELAY;
    keepRasterMemory();
    expect(process.env.MIMALLOC_PURGE_DELAY).toBe('1000');
    process.env.MIMALLOC_PURGE_DELAY = '5';
    keepRasterMemory();
    expect(process.env.MIMALLOC_PURGE_DELAY).toBe('5');
  });

  it('lets resvg use large pages, unless the user said otherwise', () => {
    delete process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES;
    keepRasterMemory();
    expect(process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES).toBe('1');
    process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES = '0';
    keepRasterMemory();
    expect(process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES).toBe('0');
  });

  it('calls a study small under 2 MiB of data files, or under MRD_SMALL_STUDY_BYTES', () => {
    delete process.env.MRD_SMALL_STUDY_BYTES;
    expect(smallStudyBytes()).toBe(2_097_152);
    process.env.MRD_SMALL_STUDY_BYTES = '1000';
    expect(smallStudyBytes()).toBe(1000);
  });
});
