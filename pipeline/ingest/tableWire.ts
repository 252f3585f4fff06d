import type { Table } from './table.js';
import { TextColumn, type CodeArray } from './textColumn.js';

/**
 * A Table as plain data for postMessage (worker threads): TextColumn instances lose their class in a
 * structured clone, so columns travel as their arrays and are rebuilt on arrival.
 */
export interface WireTable extends Omit<Table, 'text'> {
  text: Record<string, { codes: CodeArray; dict: readonly (string | null)[]; distinct: boolean } | { bytes: { pool: Buffer; from: Int32Array; to: Int32Array } }>;
}

export function toWire(t: Table): { wire: WireTable; transfer: ArrayBuffer[] } {
  const text: WireTable['text'] = {};
  for (const [k, c] of Object.entries(t.text)) {
    const bytes = c.bytes;
    text[k] = bytes !== null ? { bytes } : { codes: c.codes, dict: c.dict, distinct: c.distinct };
  }
  const wire: WireTable = { ...t, text };
  // Move, not copy, every typed array that owns its whole buffer; views into a shared buffer (Node's
  // small-Buffer pool) and buffers shared by several columns are copied or sent once.
  const transfer = new Set<ArrayBuffer>();
  const views: ArrayBufferView[] = [t.line, ...Object.values(t.num)];
  for (const c of Object.values(text)) {
    if ('bytes' in c) views.push(c.bytes.pool, c.bytes.from, c.bytes.to);
    else views.push(c.codes);
  }
  for (const v of views) {
    if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer) transfer.add(v.buffer);
  }
  return { wire, transfer: [...transfer] };
}

export function fromWire(w: WireTable): Table {
  const text: Table['text'] = {};
  for (const [k, c] of Object.entries(w.text)) {
    if ('bytes' in c) {
      const pool = Buffer.from(c.bytes.pool.buffer, c.bytes.pool.byteOffset, c.bytes.pool.byteLength);
      text[k] = TextColumn.fromBytes(pool, c.bytes.from, c.bytes.to);
    } else text[k] = new TextColumn(c.codes, c.dict, c.distinct);
  }
  return { ...w, text };
}
