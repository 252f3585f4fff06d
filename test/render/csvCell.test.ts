import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../reports/render/csv.js';

describe('csvCell', () => {
  it('neutralises every cell a spreadsheet would evaluate: leading =, +, -, @, tab, CR', () => {
    for (const v of ['=1+2', '+A1', '-1+2', '-A', '@SUM(A1)', '\tX', '+-1', '--1', '-', '+', '1+2'.replace(/^/, '='), '-1-2', '-1e5x'])
      expect(csvCell(v), v).toMatch(/^"?'/);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('\rX')).toBe(`"'\rX"`);
  });

  it('keeps plain numbers numeric, with their sign and exponent', () => {
    for (const v of ['-0.25', '-.5', '+1', '-1', '1e-5', '-1.5E+3', '0', '12.', '-12.'])
      expect(csvCell(v), v).toBe(v);
  });

  it('quotes RFC 4180 specials after neutralising', () => {
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsv(['ID'], [['-1+2']])).toBe("\uFEFFID\r\n'-1+2\r\n");
  });
});
