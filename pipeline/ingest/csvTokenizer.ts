/**
 * A streaming RFC 4180 tokenizer over raw bytes that reports the line each record starts on.
 *
 * Why bytes: a string tokenizer allocates one string per field (1.4 x 10^8 of them for 10^7 MRD rows)
 * and decodes every byte to UTF-16 first. This one hands each record to its sink as byte ranges into
 * the buffer it scanned; the reader (readTable.ts) converts a range to a value without building a
 * string when it has seen the same bytes before. Commas, quotes and line ends are ASCII, so they are
 * never part of a multi-byte UTF-8 sequence and byte scanning is exact for UTF-8 text.
 *
 * The delimiter is a comma unless the caller names another ASCII byte (`;`, tab, `|`).
 * Accepted: LF, CRLF or lone CR line ends; fields in double quotes holding commas, quotes ("") and
 * line breaks; blank lines (skipped); a UTF-8 byte order mark. A quote inside an unquoted field, a
 * quote that closes a field and is followed by anything but a comma or a line end, or a quote never
 * closed, makes that record malformed (RFC 4180 section 2): it is reported with its starting line and
 * scanning resumes on the next line, so one bad row never swallows the file.
 */

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A record longer than this is taken to have lost its closing quote (and re-scanning it would be quadratic). */
export const MAX_RECORD_BYTES = 1 << 20;

/**
 * Field k of a record is `buf[start[k]..end[k])`; when `escaped[k]` is 1 it was quoted and holds doubled
 * quotes ("") still to be undone (see fieldText). The arrays are reused for the next record.
 */
export interface CsvFields {
  buf: Buffer;
  start: Int32Array;
  end: Int32Array;
  escaped: Uint8Array;
  count: number;
}

export interface ByteTokenizerSink {
  record(fields: CsvFields, line: number): void;
  malformed(line: number, message: string): void;
}

/** The text of field k (UTF-8 decoded, doubled quotes undone). */
export function fieldText(f: CsvFields, k: number): string {
  const text = f.buf.toString('utf8', f.start[k], f.end[k]);
  return f.escaped[k] ? text.replaceAll('""', '"') : text;
}

/** All fields of a record as strings. */
export function fieldTexts(f: CsvFields): string[] {
  const out: string[] = new Array(f.count);
  for (let k = 0; k < f.count; k++) out[k] = fieldText(f, k);
  return out;
}

export class CsvTokenizer {
  private pending: Buffer = Buffer.alloc(0);
  /** line number of the first byte of `pending` */
  private pendingLine = 1;
  private first = true;
  private readonly fields: CsvFields = {
    buf: Buffer.alloc(0),
    start: new Int32Array(64),
    end: new Int32Array(64),
    escaped: new Uint8Array(64),
    count: 0,
  };

  /**
   * `firstLine`: the line number of the first byte fed (1 at the start of a file). A tokenizer fed a
   * part of a file that starts on a record boundary (`midFile`) looks for no byte order mark.
   */
  /** the field delimiter's byte (a comma unless the file uses semicolons, tabs or bars) */
  private readonly delimiter: number;

  constructor(
    private readonly sink: ByteTokenizerSink,
    options: { firstLine?: number; midFile?: boolean; delimiter?: number } = {},
  ) {
    this.pendingLine = options.firstLine ?? 1;
    if (options.midFile) this.first = false;
    this.delimiter = options.delimiter ?? COMMA;
  }

  /** Whether everything fed so far ended with a complete record (nothing waits for more bytes). */
  get atRecordBoundary(): boolean {
    return this.pending.length === 0 && !this.first;
  }

  /** The line number of the next byte to be fed (once at a record boundary). */
  get nextLine(): number {
    return this.pendingLine;
  }

  /** Feeds raw bytes; complete records are emitted, an incomplete tail waits for more. */
  push(chunk: Buffer): void {
    if (this.first) {
      const joined = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      if (joined.length < 3 && joined.every((b, k) => b === [0xef, 0xbb, 0xbf][k])) {
        this.pending = joined; // may still become a byte order mark
        return;
      }
      this.first = false;
      this.pending = Buffer.alloc(0);
      chunk = joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf ? joined.subarray(3) : joined;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.scan(false);
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): void {
    this.first = false;
    this.scan(true);
  }

  private addField(s: number, e: number, escaped: boolean): void {
    const f = this.fields;
    if (f.count === f.start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      f.start = grow(f.start, (n) => new Int32Array(n));
      f.end = grow(f.end, (n) => new Int32Array(n));
      f.escaped = grow(f.escaped, (n) => new Uint8Array(n));
    }
    f.start[f.count] = s;
    f.end[f.count] = e;
    f.escaped[f.count] = escaped ? 1 : 0;
    f.count++;
  }

  private scan(final: boolean): void {
    const DELIM = this.delimiter;
    const s = this.pending;
    const n = s.length;
    this.fields.buf = s;
    let i = 0;
    let line = this.pendingLine;
    while (i < n) {
      const c = s[i];
      // blank line
      if (c === LF || c === CR) {
        if (c === CR && i + 1 >= n && !final) break; // may be the first half of CRLF
        i += c === CR && s[i + 1] === LF ? 2 : 1;
        line++;
        continue;
      }
      const recordStart = i;
      const recordLine = line;
      this.fields.count = 0;
      let complete = false;
      let bad: string | null = null;
      // one record
      for (;;) {
        if (i >= n) {
          if (final) {
            this.addField(i, i, false);
            complete = true;
          }
          break;
        }
        if (s[i] === QUOTE) {
          // quoted field
          let j = i + 1;
          let escaped = false;
          let closed = false;
          while (j < n) {
            const d = s[j];
            if (d === QUOTE) {
              if (s[j + 1] === QUOTE) {
                escaped = true;
                j += 2;
                continue;
              }
              if (j + 1 >= n && !final) break; // cannot tell "" from " yet
              closed = true;
              break;
            }
            if (d === LF || (d === CR && s[j + 1] !== LF)) line++;
            j++;
          }
          if (!closed) {
            if (!final && n - recordStart <= MAX_RECORD_BYTES) break;
            bad = final ? 'a quoted field is never closed' : 'a quoted field runs on for more than 1 MiB: its closing quote is probably missing';
            break;
          }
          this.addField(i + 1, j, escaped);
          i = j + 1;
          const e = i < n ? s[i] : -1;
          if (e === DELIM) {
            i++;
            if (i >= n && final) {
              this.addField(i, i, false);
              complete = true;
              break;
            }
            continue;
          }
          if (e === LF || e === CR || e === -1) {
            if (e === -1 && !final) break;
            complete = true;
            break;
          }
          bad = 'a closing quote is followed by other characters (quote the whole field and double the inner quotes)';
          break;
        }
        // unquoted field: up to the next comma or line end
        let j = i;
        let d = 0;
        while (j < n) {
          d = s[j];
          if (d === DELIM || d === LF || d === CR || d === QUOTE) break;
          j++;
        }
        if (j < n && d === QUOTE) {
          bad = 'a double quote inside an unquoted field (quote the whole field and double the inner quotes)';
          break;
        }
        if (j >= n && !final) break;
        this.addField(i, j, false);
        i = j;
        if (i < n && s[i] === DELIM) {
          i++;
          if (i >= n && final) {
            this.addField(i, i, false);
            complete = true;
            break;
          }
          continue;
        }
        complete = true;
        break;
      }
      if (bad !== null) {
        // resume on the line after the one where the record started (once that line is complete)
        let k = recordStart;
        while (k < n && s[k] !== LF && s[k] !== CR) k++;
        if (k >= n && !final) {
          i = recordStart;
          line = recordLine;
          break;
        }
        this.sink.malformed(recordLine, bad);
        i = k;
        line = recordLine;
        continue;
      }
      if (!complete) {
        i = recordStart;
        line = recordLine;
        break;
      }
      // a CR ending the buffer may be the first half of CRLF: wait, so the LF is not taken for a blank line
      if (!final && i < n && s[i] === CR && i + 1 >= n) {
        i = recordStart;
        line = recordLine;
        break;
      }
      this.sink.record(this.fields, recordLine);
      // consume the line end
      if (i < n) {
        i += s[i] === CR && s[i + 1] === LF ? 2 : 1;
        line++;
      }
    }
    // copy the tail: `s` may be a view of a read buffer the stream reuses
    this.pending = i >= n ? Buffer.alloc(0) : Buffer.from(s.subarray(i));
    this.pendingLine = line;
    if (final && this.pending.length) {
      // only possible when the data ended inside a record that could not complete
      this.sink.malformed(line, 'the file ends inside a record');
      this.pending = Buffer.alloc(0);
    }
  }
}
