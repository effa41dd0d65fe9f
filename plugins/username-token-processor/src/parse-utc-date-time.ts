/**
 * Parses the `xs:dateTime` of a wsu:Created, accepting only the UTC form with `Z`.
 *
 * - WS-Security 1.1 section 10 says time values should be UTC; BSP R3217/R3223 require the `Z` form for
 *   Timestamp, and the same rule keeps wsu:Created comparable without time-zone arithmetic.
 * - Seconds must be below 60 (BSP R3213/R3215: no leap seconds), the date must exist (no 30 February), and
 *   at most nine fractional digits are read (.NET sends seven).
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** The instant, or undefined when `text` is not a UTC `xs:dateTime`. @public */
export function parseUtcDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC rolls 30 February over to March; a date that moved did not exist.
  if (time.getUTCFullYear() !== year || time.getUTCMonth() !== month - 1 || time.getUTCDate() !== day) return undefined;
  return time;
}
