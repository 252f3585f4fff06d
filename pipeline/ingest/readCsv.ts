import { createReadStream, statSync } from 'node:fs';
import { startSha256, type Sha256 } from './sha256.js';
import { UserError, type Problem } from '../errors.js';
import { CsvTokenizer, fieldTexts, type CsvFields } from './csvTokenizer.js';
import { byteOrderMark, utf8Transcoder, Utf8Checker, type Encoding } from './formats/textEncoding.js';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts (the header is line 1) */
  line: number;
}

export interface CsvScan {
  header: string[];
  sha256: string;
  bytes: number;
  /** rows the tokenizer could not split into fields (bad quoting), with their line */
  malformed: Problem[];
}

/**
 * Streams a CSV file record by record: UTF-8 with or without BOM, LF, CRLF or CR, quoted fields holding
 * delimiters and newlines, blank lines skipped. Rows whose quoting cannot be parsed are reported in
 * `malformed` with their line, never thrown. The SHA-256 of the raw bytes is computed in the same pass.
 * `onHeader` receives the first record; it may throw a UserError to stop reading.
 */
export async function scanCsv(
  path: string,
  displayName: string,
  onHeader: (header: string[]) => void,
  onRecord: (r: CsvRecord) => void,
  text: TextOptions = {},
): Promise<CsvScan> {
  return scanCsvFields(path, displayName, onHeader, (f, line) => onRecord({ fields: fieldTexts(f), line }), undefined, text);
}

/** Reading part of a file (see readTable's split reading). */
export interface ScanPart {
  /** first byte to read; a record must start there */
  start: number;
  /** end of the bytes to read (exclusive) */
  end: number;
  /** the file's header, when the part does not start at the file's beginning: every record is then data */
  header?: string[];
  /** line number of the part's first byte */
  firstLine: number;
  /** whether to hash the bytes read (a file read in parts is hashed whole elsewhere) */
  hash: boolean;
  /**
   * Called when `end` is reached: `clean` tells whether a record ended exactly there. Return true to
   * stop, false to read on to the end of the file (the part boundary fell inside a quoted field).
   */
  atEnd?: (clean: boolean) => boolean;
}

export interface CsvPartScan extends CsvScan {
  /** line number of the first byte after the bytes read */
  nextLine: number;
}

/** How a delimited text file is written; unset fields are detected. */
export interface TextOptions {
  /** declared encoding (mapping.yaml); otherwise UTF-8, or what a byte order mark or the content shows */
  encoding?: Encoding;
  /** declared delimiter; otherwise a comma, or `;` / tab when the header line holds those and no comma */
  delimiter?: string;
}

/** Raised inside scanCsvFields when undeclared text turns out not to be UTF-8: the caller decides what to read it as. */
export class NotUtf8Error extends Error {
  constructor(readonly offset: number) {
    super(`not UTF-8 at byte ${offset}`);
  }
}

/** The delimiter of a header line: `;` or tab when it holds one of those and no comma (outside quotes). */
export function sniffDelimiter(head: Buffer): number {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let quoted = false;
  for (let k = 0; k < head.length; k++) {
    const c = head[k];
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x0a || c === 0x0d) break;
    else if (c === 0x2c) comma++;
    else if (c === 0x3b) semi++;
    else if (c === 0x09) tab++;
  }
  if (comma > 0) return 0x2c;
  if (semi > 0 && semi >= tab) return 0x3b;
  if (tab > 0) return 0x09;
  return 0x2c;
}

/** Whether NUL bytes in a text file's head look like UTF-16 without a byte order mark (every other byte NUL). */
function looksLikeUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let k = 0; k < n; k += 2) {
    if (head[k] === 0) evenNul++;
    if (head[k + 1] === 0) oddNul++;
  }
  if (oddNul > 0.8 * (n / 2) && evenNul === 0) return 'utf-16le';
  if (evenNul > 0.8 * (n / 2) && oddNul === 0) return 'utf-16be';
  return null;
}

/**
 * As scanCsv, but each data record arrives as byte ranges (valid only during the call), so that a
 * reader can convert cells without building a string per field. `part` reads a byte range only.
 * Text in another encoding (declared, or announced by a UTF-16 byte order mark) is decoded to UTF-8
 * as it is read; undeclared text that is not valid UTF-8 raises NotUtf8Error with the byte offset.
 */
export async function scanCsvFields(
  path: string,
  displayName: string,
  onHeader: (header: string[]) => void,
  onRecord: (fields: CsvFields, line: number) => void,
  part?: ScanPart,
  text: TextOptions = {},
): Promise<CsvPartScan> {
  let bytes = 0;
  let hash: Sha256 | null = null;
  const malformed: Problem[] = [];
  let header: string[] | null = part?.header ?? null;
  if (header !== null) onHeader(header);
  const sink = {
    record(fields: CsvFields, line: number) {
      if (header === null) {
        header = fieldTexts(fields);
        onHeader(header);
      } else {
        onRecord(fields, line);
      }
    },
    malformed(line: number, message: string) {
      malformed.push({ file: displayName, line, rule: 'csv.malformed', message: `the row cannot be split into fields: ${message}` });
    },
  };
  const declaredDelimiter = text.delimiter === undefined ? null : text.delimiter.charCodeAt(0);
  let tokenizer: CsvTokenizer | null = null;
  const tokenizerFor = (head: Buffer) =>
    (tokenizer ??= new CsvTokenizer(sink, { firstLine: part?.firstLine ?? 1, midFile: (part?.start ?? 0) > 0, delimiter: declaredDelimiter ?? (part === undefined ? sniffDelimiter(head) : 0x2c) }));
  // decoding: a declared non-UTF-8 encoding, or a UTF-16 byte order mark, goes through a transcoder
  let transcode: ReturnType<typeof utf8Transcoder> | null = null;
  const check = text.encoding === undefined || text.encoding === 'utf-8' ? new Utf8Checker() : null;
  let decided = text.encoding !== undefined && text.encoding !== 'utf-8';
  if (decided) transcode = utf8Transcoder(text.encoding!);
  const feed = async (start: number, end: number | undefined) => {
    // createReadStream's `end` is inclusive
    const stream = createReadStream(path, { highWaterMark: 1 << 20, start, end: end === undefined ? undefined : end - 1 });
    for await (const chunk of stream) {
      let buf = chunk as Buffer;
      if (bytes === 0 && start === 0 && !decided) {
        decided = true;
        const bom = byteOrderMark(buf);
        if (bom !== null && bom.encoding !== 'utf-8') transcode = utf8Transcoder(bom.encoding);
        else if (buf.indexOf(0) !== -1) {
          const u16 = looksLikeUtf16(buf);
          throw new UserError({
            file: displayName,
            rule: u16 ? 'encoding.utf16-no-bom' : 'file.binary',
            message: u16
              ? `the file looks like ${u16.toUpperCase()} text without a byte order mark: declare encoding: ${u16} for it in mapping.yaml, or save it as UTF-8`
              : 'the file is binary (it contains NUL bytes), not a CSV text file',
          });
        }
      }
      bytes += buf.length;
      hash?.update(buf);
      if (transcode !== null) {
        try {
          buf = transcode.push(buf);
        } catch {
          throw new UserError({ file: displayName, rule: 'encoding.invalid', message: `the file is not valid ${text.encoding ?? 'UTF-16'} text (near byte ${bytes - (chunk as Buffer).length})` });
        }
      } else if (check !== null) {
        const bad = check.push(buf);
        if (bad >= 0) throw new NotUtf8Error(bad + (part?.start ?? 0));
      }
      tokenizerFor(buf).push(buf);
    }
  };
  try {
    const size = statSync(path).size;
    hash = part === undefined || part.hash ? startSha256(size) : null;
    let stoppedEarly = false;
    if (part === undefined) await feed(0, undefined);
    else {
      await feed(part.start, part.end);
      if (part.end < size) {
        const clean = tokenizerFor(Buffer.alloc(0)).atRecordBoundary;
        // stopping is only possible on a record boundary: there is then nothing left to flush
        if (clean && (part.atEnd?.(true) ?? true)) stoppedEarly = true;
        else {
          part.atEnd?.(false);
          await feed(part.end, undefined);
        }
      }
    }
    if (check !== null && check.end() >= 0) throw new NotUtf8Error(check.end());
    if (transcode !== null) {
      try {
        const rest = (transcode as ReturnType<typeof utf8Transcoder>).end();
        if (rest.length) tokenizerFor(rest).push(rest);
      } catch {
        throw new UserError({ file: displayName, rule: 'encoding.invalid', message: `the file ends inside a ${text.encoding ?? 'UTF-16'} character` });
      }
    }
    if (!stoppedEarly) tokenizerFor(Buffer.alloc(0)).end();
  } catch (e) {
    hash?.abort();
    if (e instanceof UserError || e instanceof NotUtf8Error) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES' || err.code === 'ELOOP' || err.code === 'EPERM') {
      throw new UserError({ file: displayName, rule: 'file.unreadable', message: `cannot read the file (${err.code})` });
    }
    throw e;
  }
  if ((bytes === 0 && part === undefined) || header === null) {
    hash?.abort();
    throw new UserError({ file: displayName, line: 1, rule: 'file.empty', message: 'the file is empty: a header row is required' });
  }
  return { header, sha256: hash === null ? '' : await hash.digest(), bytes, malformed, nextLine: tokenizerFor(Buffer.alloc(0)).nextLine };
}
