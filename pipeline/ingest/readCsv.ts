import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import { UserError, type Problem } from '../errors.js';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts (the header is line 1) */
  line: number;
}

export interface CsvScan {
  header: string[];
  sha256: string;
  bytes: number;
  /** rows the parser could not split into fields (bad quoting), with their line */
  malformed: Problem[];
}

const NEWLINES = /\r\n|\r|\n/g;

/** Line breaks inside the fields of one record: as a reader sees them, and CRLF pairs alone. */
function embeddedBreaks(fields: string[]): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (const f of fields) {
    if (f.length === 0 || (!f.includes('\n') && !f.includes('\r'))) continue;
    lines += f.match(NEWLINES)?.length ?? 0;
    crlf += f.split('\r\n').length - 1;
  }
  return { lines, crlf };
}

/**
 * Streams a CSV file record by record: UTF-8 with or without BOM, LF or CRLF, quoted fields holding
 * delimiters and newlines, blank lines skipped. Rows whose quoting cannot be parsed are reported in
 * `malformed` with their line (the parser resynchronises after them), never thrown.
 * The SHA-256 of the raw bytes is computed in the same pass.
 */
export async function scanCsv(
  path: string,
  displayName: string,
  onHeader: (header: string[]) => void,
  onRecord: (r: CsvRecord) => void,
): Promise<CsvScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let sawNul = false;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => {
    const buf = chunk as Buffer;
    if (bytes === 0 && buf.indexOf(0) !== -1) sawNul = true;
    bytes += buf.length;
    hash.update(buf);
  });
  const malformed: Problem[] = [];
  const parser = stream.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    }),
  );
  parser.on('skip', (err: Error & { lines?: number; code?: string }) => {
    malformed.push({
      file: displayName,
      line: err.lines === undefined ? undefined : err.lines - drift,
      rule: 'csv.malformed',
      message: `the row cannot be split into fields (${err.code ?? 'parse error'}): check the quotes on this line`,
    });
  });
  let header: string[] | null = null;
  // csv-parse counts a CRLF inside a quoted field as two lines; subtract that drift so that every line
  // number is the one an editor shows.
  let drift = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (sawNul) break;
      const breaks = embeddedBreaks(item.record);
      drift += breaks.crlf;
      const line = item.info.lines - drift - breaks.lines;
      if (header === null) {
        header = item.record;
        onHeader(header);
        continue;
      }
      onRecord({ fields: item.record, line });
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      throw new UserError({ file: displayName, rule: 'file.unreadable', message: `cannot read the file (${err.code})` });
    }
    throw new UserError({ file: displayName, rule: 'csv.unreadable', message: `the file is not a readable CSV: ${err.message}` });
  }
  if (sawNul) {
    throw new UserError({ file: displayName, rule: 'file.binary', message: 'the file is binary (it contains NUL bytes), not a CSV text file' });
  }
  if (bytes === 0 || header === null) {
    throw new UserError({ file: displayName, line: 1, rule: 'file.empty', message: 'the file is empty: a header row is required' });
  }
  return { header, sha256: hash.digest('hex'), bytes, malformed };
}
