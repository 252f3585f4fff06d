/**
 * Calendar dates as day numbers (days since 1970-01-01), so that date arithmetic never touches local
 * time zones. Date-times are minutes since 1970-01-01T00:00 in the lab's own clock (no zone is
 * applied; only differences between two date-times of one sample are used).
 */

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** The day number of year y, month m (1-12), day d, or null when there is no such date. */
export function civilDay(y: number, m: number, d: number): number | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1 || y > 9999) return null;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

/** Day number of 1960-01-01, the origin of SAS date values (SAS dates are days since then). */
export const SAS_EPOCH_DAY = -3653;
/** Day number of 1899-12-30, the origin of Excel serial dates in the 1900 date system. */
export const EXCEL_EPOCH_DAY = -25569;

/** Parses `YYYY-MM-DD`; returns the day number, or null when the text is not a real ISO date. */
export function parseIsoDate(text: string): number | null {
  // Char codes rather than a regex: this runs once per date cell, millions of times per study.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  let y = 0;
  for (let k = 0; k < 4; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return null;
    y = y * 10 + d;
  }
  const m1 = text.charCodeAt(5) - 48;
  const m2 = text.charCodeAt(6) - 48;
  const d1 = text.charCodeAt(8) - 48;
  const d2 = text.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  const mo = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (or a space instead of T, optional zone) into minutes
 * since 1970-01-01T00:00; an explicit zone offset is applied, otherwise the clock time is taken as given.
 */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO_DATETIME.exec(text);
  if (!m) return null;
  const day = parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === null) return null;
  const hh = m[4] === undefined ? 0 : Number(m[4]);
  const mm = m[5] === undefined ? 0 : Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (hh > 23 || mm > 59 || ss > 59) return null;
  let offset = 0;
  const zone = m[7];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return day * 1440 + hh * 60 + mm + ss / 60 - offset;
}

/** Formats a day number as `YYYY-MM-DD` (Hinnant's civil_from_days). */
export function formatDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days per month used for every time-to-event figure (SPEC.md section 2: months = days / 30.4375). */
export const DAYS_PER_MONTH = 30.4375;
