/**
 * Parses an `xs:dateTime` in UTC, the form SAML (SAML core 2.0 section 1.3.3, SAML 1.1 core section 1.2.2) and
 * WS-Security (WSS 1.1 section 10; BSP R3217, R3223) require: `YYYY-MM-DDTHH:mm:ss[.fraction]Z`. A time-zone
 * offset or a missing zone, a date that does not exist (30 February), seconds of 60 (no leap seconds, BSP
 * R3213) and years before 0100 are refused rather than interpreted. The fraction is read to the millisecond
 * (truncated); .NET writes seven digits.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** Options of {@link parseXsDateTimeUtc}. @public */
export interface XsDateTimeUtcOptions {
  /** The most fractional-second digits accepted (default: any number, as `xs:dateTime` allows). */
  readonly maxFractionDigits?: number;
}

/**
 * The instant `text` names, or undefined when it is not a UTC `xs:dateTime` naming a real date and time; the
 * caller turns undefined into its own error.
 * @public
 */
export function parseXsDateTimeUtc(text: string, options: XsDateTimeUtcOptions = {}): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const fraction = m[7] ?? '0';
  if (options.maxFractionDigits !== undefined && fraction.length > options.maxFractionDigits) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC maps years 0..99 to 1900..1999 and rolls 30 February over to March; either way the date moved.
  if (time.getUTCFullYear() !== year || time.getUTCMonth() !== month - 1 || time.getUTCDate() !== day) return undefined;
  return time;
}
