/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). Returns
 * milliseconds from `now`, or null when the header is absent or is neither: a value the kiosk
 * cannot read must not turn into "retry now" or into a pause of unknown length.
 *
 * delay-seconds is an integer in the RFC, but proxies and rate limiters send fractions
 * ("1.5"); those are honoured rather than rounded down to no wait at all.
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = parseHttpDate(trimmed, now);
  return at === null ? null : Math.max(0, at - now.getTime());
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})';
/** The three forms a recipient must accept (RFC 9110 section 5.6.7); all are UTC. */
const HTTP_DATE_FORMS = [
  new RegExp(`^${DAY}, (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
  new RegExp(`^${LONG_DAY}, (?<day>\\d{2})-${MONTH}-(?<year>\\d{2}) ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`),
];

/**
 * Date.parse is not used: it reads almost anything ("1" is a date in 2001) and reads the
 * asctime form in local time.
 */
function parseHttpDate(text: string, now: Date): number | null {
  for (const form of HTTP_DATE_FORMS) {
    const g = form.exec(text)?.groups;
    if (!g) continue;
    const month = MONTHS.indexOf(g.month ?? '');
    let year = Number(g.year);
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 section 5.6.7).
    if (g.year?.length === 2) year += year + 2000 > now.getUTCFullYear() + 50 ? 1900 : 2000;
    const at = Date.UTC(year, month, Number(g.day), Number(g.hour), Number(g.minute), Number(g.second));
    const check = new Date(at);
    // Reject dates such as 31 Feb, which Date.UTC would roll into March.
    return check.getUTCDate() === Number(g.day) && check.getUTCHours() === Number(g.hour) && check.getUTCMinutes() === Number(g.minute) && check.getUTCSeconds() === Number(g.second) ? at : null;
  }
  return null;
}
