/**
 * Test helper: a small RTF reader, enough to get back the text a word processor would show from what
 * reports/render/rtf.ts writes. It parses groups, control words (\word-12 and its optional space
 * delimiter), control symbols, \'hh bytes and \uN with the \uc fallback skipped, and leaves out the
 * destinations that are not body text (font table, info, header, footer, field instructions, \* groups).
 */

type Group = { kind: 'group'; children: Node[] };
type Node =
  | Group
  | { kind: 'word'; name: string; param: number | null }
  | { kind: 'sym'; ch: string }
  | { kind: 'text'; text: string };

export type RtfEvent = { type: 'par' | 'cell'; text: string } | { type: 'row' };

const SKIPPED = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr', 'footerf', 'pict', 'fldinst']);

/** The document as a tree of groups; throws on unbalanced braces, as a reader would fail on them. */
export function parseRtf(rtf: string): Group {
  const root: Group = { kind: 'group', children: [] };
  const stack: Group[] = [root];
  const top = () => stack[stack.length - 1];
  let i = 0;
  while (i < rtf.length) {
    const c = rtf[i];
    if (c === '{') {
      const g: Group = { kind: 'group', children: [] };
      top().children.push(g);
      stack.push(g);
      i++;
    } else if (c === '}') {
      if (stack.length === 1) throw new Error(`unbalanced } at ${i}`);
      stack.pop();
      i++;
    } else if (c === '\\') {
      const d = rtf[i + 1];
      const m = /^[a-zA-Z]+(-?\d+)? ?/.exec(rtf.slice(i + 1, i + 40));
      if (m) {
        const name = /^[a-zA-Z]+/.exec(m[0])![0];
        top().children.push({ kind: 'word', name, param: m[1] === undefined ? null : Number(m[1]) });
        i += 1 + m[0].length;
      } else if (d === "'") {
        top().children.push({ kind: 'text', text: String.fromCharCode(parseInt(rtf.slice(i + 2, i + 4), 16)) });
        i += 4;
      } else if (d === '\\' || d === '{' || d === '}') {
        top().children.push({ kind: 'text', text: d });
        i += 2;
      } else if (d === '_' || d === '~') {
        // non-breaking hyphen and space read as what they show
        top().children.push({ kind: 'text', text: d === '_' ? '-' : ' ' });
        i += 2;
      } else if (d === '\n' || d === '\r') {
        top().children.push({ kind: 'word', name: 'par', param: null });
        i += 2;
      } else {
        top().children.push({ kind: 'sym', ch: d });
        i += 2;
      }
    } else {
      if (c !== '\n' && c !== '\r') top().children.push({ kind: 'text', text: c });
      i++;
    }
  }
  if (stack.length !== 1) throw new Error('unbalanced {');
  return root;
}

function destination(g: Group): string | null {
  const first = g.children[0];
  if (!first) return null;
  if (first.kind === 'sym' && first.ch === '*') return '*';
  return first.kind === 'word' ? first.name : null;
}

/** Paragraph, cell and row ends with the text before each, from a group and the groups inside it. */
function decode(g: Group, out: RtfEvent[], state: { text: string }, inheritedUc: number): void {
  let uc = inheritedUc;
  let skip = 0;
  for (const n of g.children) {
    if (n.kind === 'group') {
      const dest = destination(n);
      if (dest === '*' || (dest !== null && SKIPPED.has(dest))) continue;
      decode(n, out, state, uc);
    } else if (n.kind === 'text') {
      if (skip > 0) skip--;
      else state.text += n.text;
    } else if (n.kind === 'word') {
      skip = 0;
      if (n.name === 'u') {
        const unit = n.param! < 0 ? n.param! + 0x10000 : n.param!;
        state.text += String.fromCharCode(unit);
        skip = uc;
      } else if (n.name === 'uc') uc = n.param ?? 1;
      else if (n.name === 'par' || n.name === 'cell') {
        out.push({ type: n.name, text: state.text });
        state.text = '';
      } else if (n.name === 'row') out.push({ type: 'row' });
      else if (n.name === 'line') state.text += '\n';
      else if (n.name === 'tab') state.text += '\t';
    }
  }
}

/** The body of a document as paragraph, cell and row events. */
export function rtfBody(rtf: string): RtfEvent[] {
  const out: RtfEvent[] = [];
  const doc = parseRtf(rtf).children[0];
  if (doc?.kind !== 'group') throw new Error('no document group');
  decode(doc, out, { text: '' }, 1);
  return out;
}

/** The text of the first group whose destination is `name` (e.g. header, footer), paragraphs joined. */
export function rtfDestinationText(rtf: string, name: string): string {
  const find = (g: Group): (Group) | null => {
    for (const n of g.children) {
      if (n.kind !== 'group') continue;
      if (destination(n) === name) return n;
      const inner = find(n);
      if (inner) return inner;
    }
    return null;
  };
  const g = find(parseRtf(rtf));
  if (!g) throw new Error(`no {\\${name} ...} group`);
  const out: RtfEvent[] = [];
  const state = { text: '' };
  decode({ kind: 'group', children: g.children.slice(1) }, out, state, 1);
  return [...out.map((e) => ('text' in e ? e.text : '')), state.text].filter((s) => s !== '').join('\n');
}

/** The body split into the paragraphs before the table, the table's rows of cells, and the paragraphs after. */
export function rtfTableText(rtf: string): { before: string[]; rows: string[][]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  const rows: string[][] = [];
  let cells: string[] = [];
  for (const e of rtfBody(rtf)) {
    // a no-break space (CI brackets are kept on one line with them) reads as a space
    // a raised exponent ({\super \u8722?5}) reads back as the text model's 10^-5
    const text = 'text' in e ? e.text.replace(/\u00a0/g, ' ').replace(/10\u2212(\d+)/g, '10^-$1') : '';
    if (e.type === 'cell') cells.push(text);
    else if (e.type === 'row') { rows.push(cells); cells = []; }
    else (rows.length === 0 ? before : after).push(text);
  }
  return { before, rows, after };
}
