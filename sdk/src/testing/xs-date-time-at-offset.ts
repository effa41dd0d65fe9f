/**
 * An instant written as an `xs:dateTime` at a zone offset instead of `Z` (XML Schema part 2 section 3.2.7.3),
 * to test a reader against clients that write offsets (zeep writes `+00:00`):
 * `xsDateTimeAtOffset(new Date('2026-12-06T10:00:00Z'), -300)` is `2026-12-06T05:00:00.000-05:00`.
 * @public
 */
export function xsDateTimeAtOffset(instant: Date, offsetMinutes: number): string {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) throw new RangeError('offsetMinutes must be an integer within ±14:00');
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(offsetMinutes);
  const zone = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${shifted}${zone}`;
}
