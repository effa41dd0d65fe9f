/**
 * Reads `X509Certificate.validFrom` / `validTo`. Node 20 prints them with OpenSSL's `ASN1_TIME_print`
 * (`Nov 28 06:49:21 2026 GMT`, the day padded with a space); `validFromDate` only exists from Node 22.10.
 * The format is parsed exactly rather than through `Date.parse`, whose leniency is implementation-defined.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ASN1_TIME = /^([A-Z][a-z]{2}) ([ 0-9][0-9]) ([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)? ([0-9]{4}) GMT$/;

/**
 * The instant the string names.
 * @throws Error when the string is not in `ASN1_TIME_print` form or names no real date.
 * @public
 */
export function parseCertificateTime(printed: string): Date {
  const match = ASN1_TIME.exec(printed);
  const month = match ? MONTHS.indexOf(match[1]!) : -1;
  if (!match || month === -1) throw new Error(`cannot read the certificate time ${JSON.stringify(printed)}`);
  const [day, hour, minute, second, year] = [match[2]!, match[3]!, match[4]!, match[5]!, match[6]!].map((v) => Number(v.trim()));
  const date = new Date(Date.UTC(year!, month, day!, hour!, minute!, second!));
  if (date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second) {
    throw new Error(`the certificate time ${JSON.stringify(printed)} is not a real date`);
  }
  return date;
}
