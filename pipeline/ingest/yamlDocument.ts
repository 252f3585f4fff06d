import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { LineCounter, parseDocument, isMap, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { fileState } from './fileState.js';
import { firstInvalidUtf8, lineAt } from './formats/textEncoding.js';

/**
 * YAML (and JSON, YAML 1.2 being a superset) configuration files of a study folder, read so that every
 * error names the key and its line: the plan (study.yaml) and the mapping (mapping.yaml).
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Path = (string | number)[];

/** Locates plan errors at their line in the YAML or JSON source. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}
  fail(path: Path, rule: string, message: string, value?: unknown): never {
    const node = this.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const pairKey = path.length ? this.keyNode(path) : undefined;
    const offset = node?.range?.[0] ?? pairKey;
    const line = offset !== undefined ? this.lines.linePos(offset).line : undefined;
    throw new UserError({
      file: this.file,
      line,
      column: path.length ? path.join('.') : undefined,
      value: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
      rule,
      message,
    });
  }
  private keyNode(path: Path): number | undefined {
    const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === path[path.length - 1]);
      return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    }
    return undefined;
  }
}

/** Reads `file` of `dir` as YAML/JSON; syntax errors and binary content are UserErrors naming its line. */
export function readYamlFile(dir: string, file: string): { raw: Json; loc: Locator; sha256: string } {
  const state = fileState(join(dir, file));
  if (state !== 'file') throw new UserError({ file, rule: 'file.unreadable', message: `the file cannot be read: ${state === 'absent' ? 'it does not exist' : state.problem}` });
  const bytes = readFileSync(join(dir, file));
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0 && !bytes.includes(0))
    throw new UserError({
      file,
      line: lineAt(bytes, bad),
      rule: 'encoding.not-utf8',
      value: `byte ${bad}: 0x${bytes[bad].toString(16).padStart(2, '0')}`,
      message: 'the file is not valid UTF-8 text: save it as UTF-8 (YAML and JSON files are read as UTF-8 only)',
    });
  if (bytes.includes(0)) throw new UserError({ file, rule: 'file.binary', message: 'the file is binary, not YAML/JSON text' });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new UserError({
      file,
      line: e.linePos?.[0]?.line,
      rule: file.startsWith('study') ? 'plan.syntax' : 'yaml.syntax',
      message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`,
    });
  }
  return { raw: doc.toJS() as Json, loc: new Locator(file, doc, lines), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Edit distance of two short strings (insertions, deletions, substitutions, adjacent swaps). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** " (did you mean X?)" for the known name nearest a misspelt one, or "". */
export function suggest(key: string, known: string[]): string {
  const k = key.toLowerCase();
  const near =
    known.find((c) => c.toLowerCase() === k || c.toLowerCase().startsWith(k.slice(0, 4))) ??
    known.find((c) => distance(c.toLowerCase(), k) <= (k.length <= 4 ? 1 : 2));
  return near ? ` (did you mean ${near}?)` : '';
}

export function checkKeys(obj: Record<string, Json>, known: string[], path: Path, loc: Locator): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key))
      loc.fail([...path, key], 'plan.unknown-key', `unknown plan key ${[...path, key].join('.')}${suggest(key, known)}; known keys here: ${known.join(', ')}`);
  }
}

export function section(obj: Record<string, Json>, key: string, path: Path, loc: Locator): Record<string, Json> {
  const v = obj[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) loc.fail([...path, key], 'plan.type', `${[...path, key].join('.')} must be a mapping`, v);
  return v as Record<string, Json>;
}

export function str(obj: Record<string, Json>, key: string, path: Path, loc: Locator, def?: string): string {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (def === undefined) loc.fail([...path, key], 'plan.required', `plan key ${[...path, key].join('.')} is required`);
    return def;
  }
  if (typeof v !== 'string' && typeof v !== 'number') loc.fail([...path, key], 'plan.type', `${[...path, key].join('.')} must be text`, v);
  return String(v);
}

export function oneOf<T extends string>(obj: Record<string, Json>, key: string, path: Path, loc: Locator, allowed: readonly T[], def: T): T {
  const v = obj[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'string' || !allowed.includes(v as T))
    loc.fail([...path, key], 'plan.allowed', `${[...path, key].join('.')} must be one of ${allowed.join(', ')}`, v);
  return v as T;
}

export function num(
  obj: Record<string, Json>,
  key: string,
  path: Path,
  loc: Locator,
  def: number,
  check: (x: number) => boolean,
  rule: string,
): number {
  const v = obj[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v))
    loc.fail([...path, key], 'plan.range', `${[...path, key].join('.')} must be ${rule}`, v);
  return v;
}

export function bool(obj: Record<string, Json>, key: string, path: Path, loc: Locator, def: boolean): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'boolean') loc.fail([...path, key], 'plan.type', `${[...path, key].join('.')} must be true or false`, v);
  return v;
}

export function list(obj: Record<string, Json>, key: string, path: Path, loc: Locator): Json[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) loc.fail([...path, key], 'plan.type', `${[...path, key].join('.')} must be a list`, v);
  return v;
}

export function names(obj: Record<string, Json>, key: string, path: Path, loc: Locator): string[] {
  const v = list(obj, key, path, loc) ?? [];
  return v.map((x, i) => {
    if (typeof x !== 'string' || x.trim() === '') loc.fail([...path, key, i], 'plan.type', `${[...path, key].join('.')}[${i}] must be a column name`, x);
    return x.trim().toUpperCase();
  });
}

export function numbers(obj: Record<string, Json>, key: string, path: Path, loc: Locator, def: number[], check: (x: number) => boolean, rule: string): number[] {
  const v = list(obj, key, path, loc);
  if (v === undefined) return def;
  if (v.length === 0) loc.fail([...path, key], 'plan.range', `${[...path, key].join('.')} must not be empty`);
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || !check(x)) loc.fail([...path, key, i], 'plan.range', `${[...path, key].join('.')} entries must be ${rule}`, x);
    return x;
  });
}

