import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { measure } from '../../reports/render/page.js';

// measure() classifies characters by code (page.ts); this is the same rule written with the regular
// expressions it used before, as the reference the table must agree with on every code point.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
function referenceWidth(ch: string): number {
  if (WIDE.test(ch)) return 1000;
  if (/[A-Z]/.test(ch)) return 700;
  if (/[ijlftr .,:;'!|()[\]/\\-]/.test(ch)) return 300;
  if (/[a-z]/.test(ch)) return 580;
  if (/[0-9]/.test(ch)) return 620;
  return 650;
}
function referenceMeasure(s: string, bold = false): { full: number; token: number } {
  let full = 0;
  let token = 0;
  for (const line of s.split(/\r\n?|\n/)) {
    let lineWidth = 0;
    let run = 0;
    let depth = 0;
    for (const ch of line) {
      const w = referenceWidth(ch);
      lineWidth += w;
      if (ch === '[' || ch === '(') depth++;
      else if ((ch === ']' || ch === ')') && depth > 0) depth--;
      if (depth > 0 && ch === ' ') {
        run += w;
        continue;
      }
      if (/\s/.test(ch) || WIDE.test(ch)) {
        token = Math.max(token, run, WIDE.test(ch) ? w : 0);
        run = 0;
      } else run += w;
    }
    token = Math.max(token, run);
    full = Math.max(full, lineWidth);
  }
  const k = bold ? 1.1 : 1;
  return { full: full * k, token: token * k };
}

describe('measure', () => {
  it('gives every code point the width and the breaking of the regular-expression rule', () => {
    const bad: number[] = [];
    for (let cp = 0; cp <= 0x40000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = `ab${String.fromCodePoint(cp)}cd`;
      const a = measure(s);
      const b = referenceMeasure(s);
      if (a.full !== b.full || a.token !== b.token) bad.push(cp);
    }
    expect(bad).toEqual([]);
  });

  it('agrees with the rule on any text: brackets, spaces, Chinese, lines, bold', () => {
    const piece = fc.constantFrom('[49.3, 61.6]', '(ITT)', 'MRD_NEG_DURATION', '中文标签', ' ', '\u00a0', '\n', '\r\n', '10^-5', 'x', ']', ')', '𠀀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (parts, bold) => {
        expect(measure(parts.join(''), bold)).toEqual(referenceMeasure(parts.join(''), bold));
      }),
    );
  });

  it('measures by hand: capitals, a bracketed CI kept whole, Chinese breaking between glyphs', () => {
    expect(measure('AB')).toEqual({ full: 1400, token: 1400 });
    expect(measure('x [1, 2]')).toEqual({ full: 580 + 300 + 300 + 620 + 300 + 300 + 620 + 300, token: 300 + 620 + 300 + 300 + 620 + 300 });
    expect(measure('中文')).toEqual({ full: 2000, token: 1000 });
  });
});
