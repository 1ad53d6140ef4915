// Text the way git prints it: dates, abbreviated ids, quoted paths, identities.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** isomorphic-git's `timezoneOffset` is JS-style minutes west of UTC: +0200 is -120. */
export function tzString(timezoneOffset: number): string {
  // isomorphic-git keeps `-0000` as -0 (minutes west), `+0000` as 0.
  const sign = timezoneOffset > 0 || Object.is(timezoneOffset, -0) ? '-' : '+';
  const abs = Math.abs(timezoneOffset);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The wall-clock fields of `timestamp` (seconds) in the author's own zone. */
function local(timestamp: number, timezoneOffset: number): Date {
  return new Date((timestamp - timezoneOffset * 60) * 1000);
}

/** git's default date: `Mon Nov 13 22:13:20 2023 +0000`. */
export function formatDate(timestamp: number, timezoneOffset: number): string {
  const d = local(timestamp, timezoneOffset);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()} ${tzString(timezoneOffset)}`;
}

/** `--date=iso`: `2023-11-13 22:13:20 +0000`. */
export function formatIsoDate(timestamp: number, timezoneOffset: number): string {
  const d = local(timestamp, timezoneOffset);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${tzString(timezoneOffset)}`;
}

/** `--date=short`: `2023-11-13`. */
export function formatShortDate(timestamp: number, timezoneOffset: number): string {
  const d = local(timestamp, timezoneOffset);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `%ar`: `3 days ago`, following git's thresholds closely enough. */
export function formatRelativeDate(timestamp: number, now = Date.now() / 1000): string {
  const diff = Math.max(0, Math.round(now - timestamp));
  const unit = (n: number, u: string) => `${n} ${u}${n === 1 ? '' : 's'} ago`;
  if (diff < 90) return unit(diff, 'second');
  const minutes = Math.round(diff / 60);
  if (minutes < 90) return unit(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 36) return unit(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 14) return unit(days, 'day');
  if (days < 70) return unit(Math.round(days / 7), 'week');
  if (days < 365) return unit(Math.round(days / 30), 'month');
  const years = Math.floor(days / 365);
  const months = Math.round((days - years * 365) / 30);
  return months
    ? `${years} year${years === 1 ? '' : 's'}, ${months} month${months === 1 ? '' : 's'} ago`
    : unit(years, 'year');
}

/** git abbreviates ids to 7 characters until a repository is large (~16k objects). */
export const ABBREV = 7;

export function short(oid: string, length = ABBREV): string {
  return oid.slice(0, length);
}

const ESCAPES: Record<string, string> = {
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '"': '"',
  '\\': '\\',
};
const encoder = new TextEncoder();

/**
 * git's C-style path quoting (core.quotePath): control characters, `"`, `\` and non-ASCII bytes
 * make it quote the path; `quoteSpace` adds spaces (the short status formats do that).
 */
export function quotePath(path: string, quoteSpace = false): string {
  let needs = false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f || (quoteSpace && c === 0x20)) {
      needs = true;
      break;
    }
  }
  if (!needs) return path;
  let out = '"';
  for (const byte of encoder.encode(path)) {
    const ch = String.fromCharCode(byte);
    if (ESCAPES[ch]) out += `\\${ESCAPES[ch]}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function plural(n: number, word: string, suffix = 's'): string {
  return `${n} ${word}${n === 1 ? '' : suffix}`;
}
