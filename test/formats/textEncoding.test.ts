import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../pipeline/ingest/readTable.js';
import { MRD, SUBJECTS } from '../../model/schema.js';
import { UserError } from '../../pipeline/errors.js';
import { firstInvalidUtf8, isConfidentGb18030, Utf8Checker } from '../../pipeline/ingest/formats/textEncoding.js';
import type { SourceSpec } from '../../pipeline/ingest/source.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function folderWith(name: string, content: Buffer): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-enc-'));
  dirs.push(d);
  writeFileSync(join(d, name), content);
  return d;
}
const native = (file: string, extra: Partial<SourceSpec> = {}): SourceSpec => ({ file, columns: {}, where: [], origin: 'native', ...extra });
/** GB18030 bytes of text (Node encodes only UTF-8/16 and latin1, so the test builds GBK from a table). */
const GBK: Record<string, number[]> = { 高: [0xb8, 0xdf], 危: [0xce, 0xa3], 标: [0xb1, 0xea] };
function gbk(text: string): Buffer {
  return Buffer.from([...text].flatMap((c) => GBK[c] ?? [...Buffer.from(c, 'latin1')]));
}

describe('text encodings', () => {
  it('reads an undeclared GB18030/GBK file as Chinese: 高危 and 标危 stay two strata', async () => {
    const dir = folderWith('subjects.csv', gbk('USUBJID,ARM,RANDDT,RISK\nS1,A,2023-01-01,高危\nS2,B,2023-01-02,标危\n'));
    const t = await readTable(dir, SUBJECTS, ['RISK']);
    expect(t.text.RISK.toArray()).toEqual(['高危', '标危']);
  });

  it('refuses undeclared text that is neither UTF-8 nor confidently GB18030, naming line and byte', async () => {
    // Windows-1252 with old Mac CR line ends: "Müller" and "µg" are single bytes 0xFC and 0xB5
    const bytes = Buffer.from('USUBJID,ARM,RANDDT,NAME\rS1,A,2023-01-01,Ann\rS2,B,2023-01-02,M\xfcller\r', 'latin1');
    const err = await readTable(folderWith('subjects.csv', bytes), SUBJECTS, ['NAME']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problem).toMatchObject({ file: 'subjects.csv', line: 3, rule: 'encoding.not-utf8', value: `byte ${bytes.indexOf(0xfc)}: 0xfc` });
    // declared, it is read
    const t = await readTable(folderWith('subjects.csv', bytes), SUBJECTS, ['NAME'], false, undefined, native('subjects.csv', { encoding: 'windows-1252' }));
    expect(t.text.NAME.toArray()).toEqual(['Ann', 'Müller']);
  });

  it('reads UTF-16 with a byte order mark, and names UTF-16 without one', async () => {
    const text = 'USUBJID,ARM,RANDDT\nS1,A,2023-01-01\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await readTable(folderWith('subjects.csv', le), SUBJECTS)).text.USUBJID.toArray()).toEqual(['S1']);
    const be = Buffer.from(le);
    be.swap16();
    expect((await readTable(folderWith('subjects.csv', be), SUBJECTS)).text.USUBJID.toArray()).toEqual(['S1']);
    const err = await readTable(folderWith('subjects.csv', Buffer.from(text, 'utf16le')), SUBJECTS).catch((e: unknown) => e);
    expect((err as UserError).problem.rule).toBe('encoding.utf16-no-bom');
    expect((err as UserError).message).toContain('UTF-16LE');
  });

  it('reads semicolon- and tab-delimited exports; decimal commas only where declared', async () => {
    const semi = Buffer.from('USUBJID;SAMPLEID;COLLDT;METHOD;RESULT;MRDLEVEL;CELLS\nS1;M1;2024-01-01;NGS;POSITIVE;3,2E-06;1500000\n');
    const declared = await readTable(folderWith('mrd.csv', semi), MRD, [], false, undefined, native('mrd.csv', { decimal: ',', delimiter: ';' }));
    expect(declared.num.MRDLEVEL[0]).toBe(3.2e-6);
    const undeclared = await readTable(folderWith('mrd.csv', semi), MRD);
    // an optional number: read as empty (a positive without a level is positive at every threshold), queried
    expect(undeclared.rejected).toEqual([]);
    expect(undeclared.notes.map((p) => [p.column, p.value, p.rule])).toEqual([['MRDLEVEL', '3,2E-06', 'value.unparsed-optional']]);
    expect(undeclared.num.MRDLEVEL[0]).toBeNaN();
    const tab = await readTable(folderWith('mrd.csv', Buffer.from('USUBJID\tSAMPLEID\tCOLLDT\tMETHOD\tRESULT\nS1\tM1\t2024-01-01\tNGS\tNEGATIVE\n')), MRD);
    expect(tab.text.SAMPLEID.toArray()).toEqual(['M1']);
  });

  it('checks UTF-8 across chunk boundaries and tells GB2312 text from Windows-1252', () => {
    const text = Buffer.from('a高危b');
    const c = new Utf8Checker();
    expect(c.push(text.subarray(0, 2))).toBe(-1); // '高' split after its first byte
    expect(c.push(text.subarray(2))).toBe(-1);
    expect(c.end()).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1);
    expect(isConfidentGb18030(gbk('高危,标危'))).toBe(true);
    expect(isConfidentGb18030(Buffer.from('M\xfcller', 'latin1'))).toBe(false);
  });
});
