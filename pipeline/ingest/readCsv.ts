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

/**
 * As scanCsv, but each data record arrives as byte ranges (valid only during the call), so that a
 * reader can convert cells without building a string per field.
 */
export async function scanCsvFields(
  path: string,
  displayName: string,
  onHeader: (header: string[]) => void,
  onRecord: (fields: CsvFields, line: number) => void,
): Promise<CsvScan> {
  let bytes = 0;
  let hash: Sha256 | null = null;
  const malformed: Problem[] = [];
  let header: string[] | null = null;
  const tokenizer = new CsvTokenizer({
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
  });
  try {
    hash = startSha256(statSync(path).size);
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      if (bytes === 0 && buf.indexOf(0) !== -1) {
        throw new UserError({ file: displayName, rule: 'file.binary', message: 'the file is binary (it contains NUL bytes), not a CSV text file' });
      }
      bytes += buf.length;
      hash.update(buf);
      tokenizer.push(buf);
    }
    tokenizer.end();
  } catch (e) {
    hash?.abort();
    if (e instanceof UserError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      throw new UserError({ file: displayName, rule: 'file.unreadable', message: `cannot read the file (${err.code})` });
    }
    throw e;
  }
  if (bytes === 0 || header === null) {
    hash.abort();
    throw new UserError({ file: displayName, line: 1, rule: 'file.empty', message: 'the file is empty: a header row is required' });
  }
  return { header, sha256: await hash.digest(), bytes, malformed };
}
