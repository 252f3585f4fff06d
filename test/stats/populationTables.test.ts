import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../data-samples/random.js';
import { populationCells, tablesByPopulation, tablesByStratum } from '../../analyses/mrdComparisons.js';

describe('tablesByPopulation', () => {
  it('equals tablesByStratum of each population', () => {
    const u = seededUniform(3);
    const n = 2000;
    const flag = Uint8Array.from({ length: n }, () => (u() < 0.4 ? 1 : 0));
    const arm = Int32Array.from({ length: n }, () => Math.floor(u() * 3)); // arm 2: neither compared arm
    const stratum = Int32Array.from({ length: n }, () => Math.floor(u() * 4));
    const members = [0.9, 0.5, 0.2].map((p) => Uint8Array.from({ length: n }, () => (u() < p ? 1 : 0)));
    const tables = tablesByPopulation(flag, populationCells(members, arm, 1, 0, stratum), members.length, 4);
    members.forEach((m, p) => expect(tables[p]).toEqual(tablesByStratum(flag, m, arm, 1, 0, stratum, 4)));
  });
});
