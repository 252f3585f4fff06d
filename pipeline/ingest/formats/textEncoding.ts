import { isUtf8 } from 'node:buffer';

/**
 * Text encodings of input files. UTF-8 (with or without byte order mark) is read as bytes; anything
 * else is decoded to UTF-8 first. A file is never analysed as UTF-8 when it is not: text that is not
 * valid UTF-8 is decoded only when its encoding is declared (mapping.yaml) or detected with
 * confidence (a UTF-16 byte order mark, or GB18030 that holds only GB2312 characters), and is
 * otherwise an error naming the file, line and byte.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252' | 'latin1';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'windows-1252', 'latin1'];

/** Names users write for the encodings (matched case-insensitively, - and _ ignored). */
const ALIASES: Record<string, Encoding> = {
  utf8: 'utf-8',
  utf8bom: 'utf-8',
  utf16: 'utf-16le',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  euccn: 'gb18030',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'latin1',
  iso88591: 'latin1',
};

/** The encoding a user's name stands for, or null. GBK and GB2312 are subsets of GB18030. */
export function encodingNamed(name: string): Encoding | null {
  return ALIASES[name.toLowerCase().replace(/[-_ ]/g, '')] ?? null;
}

/** The encoding a byte order mark announces, and the mark's length; null when there is none. */
export function byteOrderMark(head: Uint8Array): { encoding: Encoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Length of the UTF-8 sequence a lead byte starts (0 for a continuation or invalid byte). */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Offset of the first byte of buf that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  if (isUtf8(buf)) return -1;
  let k = 0;
  while (k < buf.length) {
    const len = sequenceLength(buf[k]);
    if (len === 0 || k + len > buf.length) return k;
    if (len > 1 && !isUtf8(buf.subarray(k, k + len))) return k;
    k += len;
  }
  return -1;
}

/**
 * Checks a byte stream chunk by chunk; a multi-byte sequence split between two chunks is held back.
 * `push` returns the file offset of the first invalid byte, or -1.
 */
export class Utf8Checker {
  private tail: Buffer = Buffer.alloc(0);
  private offset = 0;

  push(chunk: Uint8Array): number {
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // hold back an incomplete sequence at the end (at most 3 bytes)
    let cut = buf.length;
    for (let k = Math.max(0, buf.length - 3); k < buf.length; k++) {
      const len = sequenceLength(buf[k]);
      if (len > 1 && k + len > buf.length) {
        cut = k;
        break;
      }
    }
    const body = buf.subarray(0, cut);
    const bad = firstInvalidUtf8(body);
    if (bad >= 0) return this.offset + bad;
    this.offset += cut;
    this.tail = Buffer.from(buf.subarray(cut));
    return -1;
  }

  /** At the end of the stream: the offset of a dangling incomplete sequence, or -1. */
  end(): number {
    return this.tail.length ? this.offset : -1;
  }
}

/**
 * Whether bytes that are not UTF-8 are, with confidence, GB18030/GBK Chinese text: they decode as
 * GB18030 and every multi-byte character lies in the GB2312 range (both bytes 0xA1-0xFE), where the
 * common simplified Chinese characters are. Windows-1252 text also decodes as GBK byte pairs
 * ("Müller" -> "M黮ler"), but its accented letter is then followed by an ASCII letter, outside that
 * range, so it is not mistaken for Chinese; nor is a GBK file using rarer characters, which must then
 * declare its encoding.
 */
export function isConfidentGb18030(buf: Uint8Array): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(buf);
  } catch {
    return false;
  }
  let k = 0;
  let multi = 0;
  while (k < buf.length) {
    const b = buf[k];
    if (b < 0x80) {
      k++;
      continue;
    }
    const t = buf[k + 1];
    if (b < 0xa1 || b > 0xfe || t === undefined || t < 0xa1 || t > 0xfe) return false;
    multi++;
    k += 2;
  }
  return multi > 0;
}

/** A streaming decoder from `encoding` to UTF-8 bytes (for the byte-level CSV tokenizer). */
export function utf8Transcoder(encoding: Encoding): { push(chunk: Uint8Array): Buffer; end(): Buffer } {
  const label = encoding === 'latin1' ? 'iso-8859-1' : encoding;
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  return {
    push: (chunk) => Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'),
    end: () => Buffer.from(decoder.decode(), 'utf8'),
  };
}

/** The 1-based line holding byte `offset` of buf (LF, CRLF and CR line ends). */
export function lineAt(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < buf.length; k++) {
    if (buf[k] === 0x0a) line++;
    else if (buf[k] === 0x0d && buf[k + 1] !== 0x0a) line++;
  }
  return line;
}
