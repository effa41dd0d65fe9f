/**
 * The one reader of every time value the STS reads from a message: wsu:Timestamp Created and Expires,
 * UsernameToken wsu:Created, SAML IssueInstant, NotBefore, NotOnOrAfter and AuthnInstant (JWT dates are
 * numbers and stay numbers).
 *
 * It accepts the lexical form of XML Schema 1.0 part 2 section 3.2.7.1, `YYYY-MM-DDThh:mm:ss[.s+]zone`, with:
 *
 * - a zone, always: `Z` or `+hh:mm` / `-hh:mm` up to 14:00 (section 3.2.7.3). WS-Security 1.1 section 10,
 *   WS-I BSP R3217/R3223 and SAML core 2.0 section 1.3.3 ask senders for UTC; `+00:00` (zeep, Python) and any
 *   other offset name one instant as exactly as `Z` does, so they are read at that instant. A value with no
 *   zone names no instant (section 3.2.7.4: its order is only partial) and is refused;
 * - at most `maxFractionalDigits` fractional-second digits (default 7, what .NET sends; BSP R3220 and R3229 say
 *   senders should use at most 3). The fraction is read to the millisecond, truncated;
 * - `24:00:00` (section 3.2.7: the first instant of the next day); seconds of 60 are refused (no leap seconds,
 *   BSP R3213);
 * - years 0001 to 9999 only: the lexical space allows more digits and negative years, but no token of ours
 *   is dated outside them, and refusing them keeps `Date` arithmetic exact;
 * - no leading or trailing whitespace: the caller decides whether its element's whitespace facet applies, and
 *   a UsernameToken digest covers the exact text sent.
 *
 * A refusal comes back as a `problem` for the caller's log; the caller raises its own uniform error.
 */

/** Options of {@link parseXsDateTime}. @public */
export interface XsDateTimeOptions {
  /** The most fractional-second digits accepted; default {@link DEFAULT_MAX_FRACTIONAL_DIGITS}. */
  readonly maxFractionalDigits?: number;
}

/** The result of {@link parseXsDateTime}: the instant, or the precise reason for the log. @public */
export type XsDateTimeResult = { readonly ok: true; readonly time: Date } | { readonly ok: false; readonly problem: string };

/** .NET writes seven fractional digits (`DateTime` ticks); anything longer is refused by default. @public */
export const DEFAULT_MAX_FRACTIONAL_DIGITS = 7;

const LEXICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads `text` as an `xs:dateTime` with a zone.
 * @example
 * ```ts
 * const created = parseXsDateTime('2026-12-06T10:00:00+00:00');
 * if (!created.ok) throw new FailedAuthenticationError(`wsu:Created ${created.problem}`);
 * ```
 * @public
 */
export function parseXsDateTime(text: string, options: XsDateTimeOptions = {}): XsDateTimeResult {
  const maxDigits = options.maxFractionalDigits ?? DEFAULT_MAX_FRACTIONAL_DIGITS;
  const m = LEXICAL.exec(text);
  if (!m) return refused('is not an xs:dateTime (YYYY-MM-DDThh:mm:ss[.fraction] and a zone)');
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string | undefined];
  if (zone === undefined) return refused('has no time zone (Z or an offset such as +00:00)');
  if (fraction.length > maxDigits) return refused(`has ${fraction.length} fractional-second digits; at most ${maxDigits} are accepted`);
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (year < 1) return refused('names year 0000');
  if (month < 1 || month > 12 || day < 1 || minute > 59 || second > 59) return refused('names no real date and time');
  const endOfDay = hour === 24 && minute === 0 && second === 0 && /^0*$/.test(fraction);
  if (hour > 23 && !endOfDay) return refused('names no real date and time');
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === undefined) return refused('has a zone offset beyond ±14:00');

  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years 0001..0099
  // A day that does not exist (30 February) rolls over into the next month: refuse rather than move it.
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) {
    return refused('names no real date');
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const time = local.getTime() + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return { ok: true, time: new Date(time) };
}

/** `Z` is 0; `±hh:mm` is at most 14:00 either way (XML Schema part 2 section 3.2.7.3). */
function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (minutes > 59 || hours > 14 || (hours === 14 && minutes !== 0)) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function refused(problem: string): XsDateTimeResult {
  return { ok: false, problem };
}
