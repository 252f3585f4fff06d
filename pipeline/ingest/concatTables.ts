import type { Table } from './table.js';
import { narrowCodes, TextColumn } from './textColumn.js';

/**
 * Two text columns one after the other. Dictionaries that are both distinct are merged by value
 * (the result stays distinct); otherwise the second dictionary's codes are shifted past the first's
 * (equal values may then have two codes: `distinct` false); a bytes column on either side makes a
 * bytes column.
 */
export function concatText(a: TextColumn, b: TextColumn): TextColumn {
  if (a.bytes !== null || b.bytes !== null) {
    const parts = [a, b].map((c) => c.bytes ?? asBytes(c));
    const pool = Buffer.concat([parts[0].pool, parts[1].pool]);
    const shift = parts[0].pool.length;
    const n = a.length + b.length;
    const from = new Int32Array(n);
    const to = new Int32Array(n);
    from.set(parts[0].from);
    to.set(parts[0].to);
    for (let i = 0; i < b.length; i++) {
      const s = parts[1].from[i];
      from[a.length + i] = s < 0 ? -1 : s + shift;
      to[a.length + i] = s < 0 ? -1 : parts[1].to[i] + shift;
    }
    return TextColumn.fromBytes(pool, from, to);
  }
  const codes = new Int32Array(a.length + b.length);
  codes.set(a.codes);
  const dict = [...a.dict];
  let map: Int32Array;
  if (a.distinct && b.distinct) {
    const index = new Map(a.dict.map((v, k) => [v, k]));
    map = Int32Array.from(b.dict, (v) => {
      let k = index.get(v);
      if (k === undefined) index.set(v, (k = dict.push(v) - 1));
      return k;
    });
  } else {
    map = Int32Array.from(b.dict, (v, k) => (k === 0 ? 0 : dict.push(v) - 1));
  }
  const bc = b.codes;
  for (let i = 0; i < b.length; i++) codes[a.length + i] = map[bc[i]];
  return new TextColumn(narrowCodes(codes, dict.length), dict, a.distinct && b.distinct);
}

function asBytes(c: TextColumn): { pool: Buffer; from: Int32Array; to: Int32Array } {
  const texts = c.dict.map((v) => (v === null ? null : Buffer.from(v)));
  const at = new Int32Array(texts.length);
  let size = 0;
  texts.forEach((t, k) => {
    at[k] = size;
    size += t?.length ?? 0;
  });
  const pool = Buffer.concat(texts.flatMap((t) => (t === null ? [] : [t])));
  const from = new Int32Array(c.length);
  const to = new Int32Array(c.length);
  const codes = c.codes;
  for (let i = 0; i < c.length; i++) {
    const k = codes[i];
    from[i] = texts[k] === null ? -1 : at[k];
    to[i] = texts[k] === null ? -1 : at[k] + texts[k]!.length;
  }
  return { pool, from, to };
}

/**
 * The rows of `b` after those of `a` (two parts of one file read at once, see readTable): `b`'s line
 * numbers, counted from 1 at its first byte, become the file's by `lineOffset`.
 */
export function concatTables(a: Table, b: Table, lineOffset: number): Table {
  const n = a.n + b.n;
  const line = new Int32Array(n);
  line.set(a.line);
  for (let i = 0; i < b.n; i++) line[a.n + i] = b.line[i] + lineOffset;
  const num: Table['num'] = {};
  for (const [k, col] of Object.entries(a.num)) {
    const out = new Float64Array(n);
    out.set(col);
    out.set(b.num[k], a.n);
    num[k] = out;
  }
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(a.text)) text[k] = concatText(col, b.text[k]);
  const shifted = b.rejected.map((p) => (p.line === undefined ? p : { ...p, line: p.line + lineOffset }));
  const skipped = a.skipped.map((s) => ({ ...s }));
  for (const s of b.skipped) {
    const same = skipped.find((t) => t.message === s.message);
    if (same) same.count += s.count;
    else skipped.push({ ...s });
  }
  const notes = [...a.notes, ...b.notes.map((p) => (p.line === undefined ? p : { ...p, line: p.line + lineOffset }))];
  return { ...a, n, line, num, text, rowsRead: a.rowsRead + b.rowsRead, rejected: [...a.rejected, ...shifted], skipped, notes };
}
