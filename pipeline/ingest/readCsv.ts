import { createReadStream, statSync } from 'node:fs';
import { startSha256, type Sha256 } from './sha256.js';
import { UserError, type Problem } from '../errors.js';
import { CsvTokenizer, fieldTexts, type CsvFields } from './csvTokenizer.js';

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
): Promise<CsvScan> {
  return scanCsvFields(path, displayName, onHeader, (f, line) => onRecord({ fields: fieldTexts(f), line }));
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

/**
 * As scanCsv, but each data record arrives as byte ranges (valid only during the call), so that a
 * reader can convert cells without building a string per field. `part` reads a byte range only.
 */
export async function scanCsvFields(
  path: string,
  displayName: string,
  onHeader: (header: string[]) => void,
  onRecord: (fields: CsvFields, line: number) => void,
  part?: ScanPart,
): Promise<CsvPartScan> {
  let bytes = 0;
  let hash: Sha256 | null = null;
  const malformed: Problem[] = [];
  let header: string[] | null = part?.header ?? null;
  if (header !== null) onHeader(header);
  const tokenizer = new CsvTokenizer(
    {
      record(fields, line) {
        if (header === null) {
          header = fieldTexts(fields);
          onHeader(header);
        } else {
          onRecord(fields, line);
        }
      },
      malformed(line, message) {
        malformed.push({ file: displayName, line, rule: 'csv.malformed', message: `the row cannot be split into fields: ${message}` });
      },
    },
    { firstLine: part?.firstLine ?? 1, midFile: (part?.start ?? 0) > 0 },
  );
  const feed = async (start: number, end: number | undefined) => {
    // createReadStream's `end` is inclusive
    const stream = createReadStream(path, { highWaterMark: 1 << 20, start, end: end === undefined ? undefined : end - 1 });
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      if (bytes === 0 && start === 0 && buf.indexOf(0) !== -1) {
        throw new UserError({ file: displayName, rule: 'file.binary', message: 'the file is binary (it contains NUL bytes), not a CSV text file' });
      }
      bytes += buf.length;
      hash?.update(buf);
      tokenizer.push(buf);
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
        const clean = tokenizer.atRecordBoundary;
        // stopping is only possible on a record boundary: there is then nothing left to flush
        if (clean && (part.atEnd?.(true) ?? true)) stoppedEarly = true;
        else {
          part.atEnd?.(false);
          await feed(part.end, undefined);
        }
      }
    }
    if (!stoppedEarly) tokenizer.end();
  } catch (e) {
    hash?.abort();
    if (e instanceof UserError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      throw new UserError({ file: displayName, rule: 'file.unreadable', message: `cannot read the file (${err.code})` });
    }
    throw e;
  }
  if ((bytes === 0 && part === undefined) || header === null) {
    hash?.abort();
    throw new UserError({ file: displayName, line: 1, rule: 'file.empty', message: 'the file is empty: a header row is required' });
  }
  return { header, sha256: hash === null ? '' : await hash.digest(), bytes, malformed, nextLine: tokenizer.nextLine };
}
