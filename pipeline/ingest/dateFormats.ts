import { civilDay, EXCEL_EPOCH_DAY, parseIsoDate, parseIsoDateTime } from './dates.js';

/**
 * Date formats a source file may use (mapping.yaml `dateFormat`). A pattern is written with the
 * tokens YYYY (4-digit year), MM (month 1-12, one or two digits), MMM (English month abbreviation,
 * any case: JAN ... DEC), DD (day, one or two digits); every other character stands for itself:
 * `DD/MM/YYYY`, `MM/DD/YYYY`, `DD.MM.YYYY`, `YYYYMMDD`, `DDMMMYYYY` (SAS DATE9, 15MAR2024),
 * `DD-MMM-YYYY`. Two names are special: `ISO8601` accepts a date or a date-time (the SDTM --DTC
 * form, 2024-03-15T09:30; the date part is used for a date column) and `EXCEL` a serial day number
 * (1900 date system, 45366 = 2024-03-15). Two-digit years are never guessed.
 *
 * For a date-time column the text is split at its first `T` or blank: the date part is read with the
 * format and the time part as HH:MM[:SS].
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export interface DateFormat {
  /** as written in the mapping, for messages */
  pattern: string;
  /** day number of the text, or null */
  day(text: string): number | null;
  /** minutes since 1970-01-01T00:00 of the text (date part in this format), or null */
  minutes(text: string): number | null;
}

/** The format's checker, or a message saying why the pattern cannot be used. */
export function compileDateFormat(pattern: string): DateFormat | string {
  const name = pattern.trim().toUpperCase();
  if (name === 'YYYY-MM-DD' || name === 'ISO') return { pattern, day: parseIsoDate, minutes: parseIsoDateTime };
  if (name === 'ISO8601')
    return {
      pattern,
      day: (t) => (t.length === 10 ? parseIsoDate(t) : t.length > 10 && (t[10] === 'T' || t[10] === ' ') && parseIsoDateTime(t) !== null ? parseIsoDate(t.slice(0, 10)) : null),
      minutes: parseIsoDateTime,
    };
  if (name === 'EXCEL') {
    const day = (t: string) => {
      if (!/^\d{1,6}(\.\d+)?$/.test(t)) return null;
      const v = Number(t);
      // serial 60 is Excel's phantom 1900-02-29; serials up to it are one day off and never MRD dates
      return v > 60 ? Math.floor(v) + EXCEL_EPOCH_DAY : null;
    };
    return {
      pattern,
      day,
      minutes: (t) => {
        const d = day(t);
        return d === null ? null : Math.round((Number(t) + EXCEL_EPOCH_DAY) * 1440 * 60) / 60;
      },
    };
  }
  const tokens = /YYYY|MMM|MM|DD/g;
  const order: string[] = [];
  let regex = '';
  let last = 0;
  for (let m = tokens.exec(name); m !== null; m = tokens.exec(name)) {
    regex += escapeRegex(name.slice(last, m.index));
    order.push(m[0]);
    regex += m[0] === 'YYYY' ? '(\\d{4})' : m[0] === 'MMM' ? '([A-Za-z]{3})' : !/[^A-Z]/.test(name) ? '(\\d{2})' : '(\\d{1,2})';
    last = m.index + m[0].length;
  }
  regex += escapeRegex(name.slice(last));
  const has = (t: string) => order.filter((o) => o === t).length === 1;
  if (!has('YYYY') || !has('DD') || has('MM') === has('MMM') || order.length !== 3)
    return `date format ${pattern} must hold YYYY, DD and one of MM or MMM exactly once (e.g. DD/MM/YYYY, DDMMMYYYY), or be ISO8601 or EXCEL`;
  const re = new RegExp(`^${regex}$`, 'i');
  const day = (t: string): number | null => {
    const m = re.exec(t);
    if (m === null) return null;
    let y = 0;
    let mo = 0;
    let d = 0;
    order.forEach((o, k) => {
      const v = m[k + 1];
      if (o === 'YYYY') y = Number(v);
      else if (o === 'DD') d = Number(v);
      else if (o === 'MM') mo = Number(v);
      else mo = MONTHS.indexOf(v.toUpperCase()) + 1;
    });
    return civilDay(y, mo, d);
  };
  return {
    pattern,
    day,
    minutes: (t) => {
      const cut = t.search(/[T ]/);
      const d = day(cut < 0 ? t : t.slice(0, cut));
      if (d === null) return null;
      if (cut < 0) return d * 1440;
      const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t.slice(cut + 1).trim());
      if (hm === null || Number(hm[1]) > 23 || Number(hm[2]) > 59 || Number(hm[3] ?? 0) > 59) return null;
      return d * 1440 + Number(hm[1]) * 60 + Number(hm[2]) + Number(hm[3] ?? 0) / 60;
    },
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
