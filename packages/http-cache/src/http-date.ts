// HTTP-date (RFC 9110 §5.6.7): the preferred IMF-fixdate and the two obsolete formats a recipient must
// still accept. Calendar arithmetic is done by hand so that two-digit and small years are never
// reinterpreted the way Date.UTC does (it maps 0–99 to 1900–1999).

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LONG_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTH_OUT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_OUT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_MS = 86_400_000;

// §5.6.7 says HTTP-date is case-sensitive, but also asks recipients to be robust; names are matched
// case-insensitively (a wrong-case "THU" or "gmt" is unambiguous), everything else is strict.
const IMF_FIXDATE = /^([a-z]{3}), (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const RFC850_DATE = /^([a-z]{6,9}), (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const ASCTIME_DATE = /^([a-z]{3}) ([a-z]{3}) (\d{2}| \d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

interface CivilTime {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * RFC 9110 §5.6.7: parses an HTTP-date in any of its three formats; undefined when invalid.
 * `nowMs` resolves two-digit rfc850 years (see `rfc850Year`).
 */
export function parseHttpDate(text: string | undefined, nowMs?: number): number | undefined {
  if (text === undefined) return undefined;
  const s = text.replace(/^[ \t]+|[ \t]+$/g, '');
  return parseImfFixdate(s) ?? parseRfc850Date(s, nowMs) ?? parseAsctimeDate(s);
}

function parseImfFixdate(s: string): number | undefined {
  const m = IMF_FIXDATE.exec(s);
  if (!m || !DAY_NAMES.includes(lower(m[1]))) return undefined;
  return civilToMs({ year: int(m[4]), month: monthNumber(m[3]), day: int(m[2]), ...clock(m[5], m[6], m[7]) });
}

function parseRfc850Date(s: string, nowMs: number | undefined): number | undefined {
  const m = RFC850_DATE.exec(s);
  if (!m || !LONG_DAY_NAMES.includes(lower(m[1]))) return undefined;
  const year = rfc850Year(int(m[4]), nowMs);
  return civilToMs({ year, month: monthNumber(m[3]), day: int(m[2]), ...clock(m[5], m[6], m[7]) });
}

function parseAsctimeDate(s: string): number | undefined {
  const m = ASCTIME_DATE.exec(s);
  if (!m || !DAY_NAMES.includes(lower(m[1]))) return undefined;
  return civilToMs({ year: int(m[7]), month: monthNumber(m[2]), day: int(m[3]), ...clock(m[4], m[5], m[6]) });
}

/**
 * RFC 9110 §5.6.7: a two-digit year that appears more than 50 years in the future means the most recent
 * past year with those digits. Without `nowMs` we cannot know "now", so 70–99 → 19xx, 00–69 → 20xx
 * (the usual POSIX pivot), which agrees with the rule for any clock between 2020 and 2069.
 */
export function rfc850Year(twoDigits: number, nowMs?: number): number {
  if (nowMs === undefined) return twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits;
  const current = new Date(nowMs).getUTCFullYear();
  const candidate = current - (current % 100) + twoDigits;
  return candidate > current + 50 ? candidate - 100 : candidate;
}

/** RFC 9110 §5.6.7: formats a timestamp as IMF-fixdate (sub-second part dropped). Years 0–9999 only. */
export function formatHttpDate(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(ms) || year < 0 || year > 9999) throw new RangeError(`not representable as an HTTP-date: ${ms}`);
  const day = DAY_OUT[d.getUTCDay()] ?? '';
  const month = MONTH_OUT[d.getUTCMonth()] ?? '';
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return `${day}, ${pad(d.getUTCDate(), 2)} ${month} ${pad(year, 4)} ${time} GMT`;
}

function civilToMs(t: CivilTime): number | undefined {
  const valid =
    t.month >= 1 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 60; // §5.6.7 allows a leap second; it simply rolls into the next minute
  if (!valid) return undefined;
  return daysFromCivil(t.year, t.month, t.day) * DAY_MS + ((t.hour * 60 + t.minute) * 60 + t.second) * 1000;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (eras of 400 years, March-based years). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function clock(h: string | undefined, m: string | undefined, s: string | undefined): Pick<CivilTime, 'hour' | 'minute' | 'second'> {
  return { hour: int(h), minute: int(m), second: int(s) };
}

function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf(lower(name)) + 1; // 0 (invalid) when unknown
}

function int(digits: string | undefined): number {
  return Number.parseInt((digits ?? '').trim(), 10);
}

function lower(text: string | undefined): string {
  return (text ?? '').toLowerCase();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
