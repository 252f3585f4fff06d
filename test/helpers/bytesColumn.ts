import { TextColumn } from '../../pipeline/ingest/textColumn.js';

/** A TextColumn in bytes mode (as the reader makes for SAMPLEID at scale) holding `values`. */
export function bytesColumn(values: readonly (string | null)[]): TextColumn {
  const parts = values.map((v) => (v === null ? null : Buffer.from(v)));
  const from = new Int32Array(values.length);
  const to = new Int32Array(values.length);
  let at = 0;
  parts.forEach((p, i) => {
    from[i] = p === null ? -1 : at;
    to[i] = p === null ? -1 : (at += p.length);
  });
  return TextColumn.fromBytes(Buffer.concat(parts.flatMap((p) => (p === null ? [] : [p]))), from, to);
}
