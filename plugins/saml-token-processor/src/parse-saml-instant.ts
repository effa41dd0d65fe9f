/**
 * Parses a SAML time value. SAML core 2.0 section 1.3.3 and SAML 1.1 core section 1.2.2 require `xs:dateTime`
 * in UTC with no time-zone offset, so only the `Z` form is read; an offset, a missing zone, a date that does
 * not exist (30 February) or seconds of 60 are refused rather than interpreted. Fractions of any length are
 * accepted (.NET writes seven digits) and read to the millisecond, the finest resolution SAML relies on.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** The instant, or undefined when `text` is not a UTC `xs:dateTime`. */
export function parseSamlInstant(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC maps years 0..99 to 1900..1999 and rolls 30 February over to March; either way the date moved.
  if (time.getUTCFullYear() !== year || time.getUTCMonth() !== month - 1 || time.getUTCDate() !== day) return undefined;
  return time;
}
