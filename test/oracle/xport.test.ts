import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { scanXport, xportNumber, type XportMember } from '../../pipeline/ingest/formats/xport.js';
import { formatDay, SAS_EPOCH_DAY } from '../../pipeline/ingest/dates.js';

interface Case {
  file: string;
  names: string[];
  labels: string[];
  rows: number;
  ID: string[];
  X: (string | null)[];
  INT: (string | null)[];
  ADT: (string | null)[];
  ADTM: (string | null)[];
  TXT: string[];
  LONG: string[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/xport.json', import.meta.url), 'utf8')) as { cases: Case[] };

async function read(file: string) {
  let member: XportMember | null = null;
  const rows: (string | number)[][] = [];
  const scan = await scanXport(
    new URL(`./fixtures/xport/${file}`, import.meta.url).pathname,
    file,
    { decode: (b) => b.toString('utf8') },
    (m) => (member = m),
    (row) =>
      rows.push(
        member!.variables.map((v) =>
          v.type === 'num' ? xportNumber(row, v) : row.buf.toString('utf8', row.at + v.position, row.at + v.position + v.length).replace(/ +$/, ''),
        ),
      ),
  );
  return { member: member!, rows, scan };
}

describe('SAS transport files written by R haven read exactly (test/oracle/xport.R)', () => {
  it.each(fixture.cases.map((c) => [c.file, c] as const))('%s', async (file, c) => {
    const { member, rows, scan } = await read(file);
    expect(scan.header.version).toBe(file.includes('v8') ? 8 : 5);
    expect(member.variables.map((v) => v.name)).toEqual(c.names);
    expect(member.variables.map((v) => v.label)).toEqual(c.labels);
    expect(rows.length).toBe(c.rows);
    const col = (name: string) => c.names.indexOf(name);
    const at = (name: string, i: number) => rows[i][col(name)];
    for (let i = 0; i < c.rows; i++) {
      expect(at('ID', i)).toBe(c.ID[i]);
      // numbers: bit for bit (the 17-digit text parses to the very double R holds)
      const x = at('X', i) as number;
      if (c.X[i] === null) expect(x).toBeNaN();
      else expect(x, `X row ${i + 1}`).toBe(Number(c.X[i]));
      const int = rows[i][2] as number;
      if (c.INT[i] === null) expect(int).toBeNaN();
      else expect(int).toBe(Number(c.INT[i]));
      // dates: SAS day numbers; date-times: SAS seconds since 1960 (R counts from 1970)
      const day = at('ADT', i) as number;
      expect(Number.isNaN(day) ? null : formatDay(day + SAS_EPOCH_DAY)).toBe(c.ADT[i]);
      expect((at('ADTM', i) as number) + SAS_EPOCH_DAY * 86400).toBe(Number(c.ADTM[i]));
      expect(at('TXT', i)).toBe(c.TXT[i]);
      expect(at('LONG', i)).toBe(c.LONG[i]);
    }
    expect(member.variables.find((v) => v.name === 'ADT')!.format).toBe('DATE');
    // v5 holds at most 200 bytes a value, v8 more
    expect(Math.max(...c.LONG.map((s) => s.length))).toBe(file.includes('v8') ? 300 : 200);
  });
});
