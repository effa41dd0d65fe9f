/** `parseXsDateTime`: the one xs:dateTime reader behind Timestamp, UsernameToken Created and SAML instants. */
import { expect } from 'chai';
import { parseXsDateTime } from '@sts/sdk/xml';

function instant(text: string, maxFractionalDigits?: number): string {
  const result = parseXsDateTime(text, maxFractionalDigits === undefined ? {} : { maxFractionalDigits });
  if (!result.ok) throw new Error(`${text} refused: ${result.problem}`);
  return result.time.toISOString();
}

function problem(text: string, maxFractionalDigits?: number): string {
  const result = parseXsDateTime(text, maxFractionalDigits === undefined ? {} : { maxFractionalDigits });
  if (result.ok) throw new Error(`${text} accepted as ${result.time.toISOString()}`);
  return result.problem;
}

describe('parseXsDateTime', () => {
  it('reads UTC with and without fractional seconds, to the millisecond (truncated)', () => {
    expect(instant('2026-01-15T10:00:00Z')).to.equal('2026-01-15T10:00:00.000Z');
    expect(instant('2026-01-15T10:00:00.1239Z')).to.equal('2026-01-15T10:00:00.123Z');
    expect(instant('2026-01-15T10:00:00.5Z')).to.equal('2026-01-15T10:00:00.500Z');
    expect(instant('2024-02-29T23:59:59Z')).to.equal('2024-02-29T23:59:59.000Z');
  });

  it('reads an explicit offset at the instant it names (XML Schema part 2 section 3.2.7.3)', () => {
    expect(instant('2026-12-06T10:00:00+00:00')).to.equal('2026-12-06T10:00:00.000Z');
    expect(instant('2026-12-06T10:00:00-00:00')).to.equal('2026-12-06T10:00:00.000Z');
    expect(instant('2026-12-06T05:00:00-05:00')).to.equal('2026-12-06T10:00:00.000Z');
    expect(instant('2026-12-06T23:30:00+14:00')).to.equal('2026-12-06T09:30:00.000Z');
    expect(instant('2026-12-31T20:00:00-14:00')).to.equal('2027-01-01T10:00:00.000Z');
    expect(instant('2026-12-06T15:45:00.25+05:45')).to.equal('2026-12-06T10:00:00.250Z');
  });

  it('reads 24:00:00 as the first instant of the next day, and years below 0100 as themselves', () => {
    expect(instant('2026-12-31T24:00:00Z')).to.equal('2027-01-01T00:00:00.000Z');
    expect(instant('0050-01-15T10:00:00Z')).to.equal('0050-01-15T10:00:00.000Z');
  });

  it('accepts up to 7 fractional digits by default (.NET), and the configured number otherwise', () => {
    expect(instant('2026-01-15T10:00:00.1234567Z')).to.equal('2026-01-15T10:00:00.123Z');
    expect(problem('2026-01-15T10:00:00.12345678Z')).to.equal('has 8 fractional-second digits; at most 7 are accepted');
    expect(problem('2026-01-15T10:00:00.123456789Z')).to.match(/9 fractional-second digits/);
    expect(instant('2026-01-15T10:00:00.123456789Z', 9)).to.equal('2026-01-15T10:00:00.123Z');
    expect(problem('2026-01-15T10:00:00.1234Z', 3)).to.match(/at most 3/);
    expect(problem('2026-01-15T10:00:00.1Z', 0)).to.match(/at most 0/);
  });

  it('refuses a value with no zone, and says so', () => {
    expect(problem('2026-01-15T10:00:00')).to.equal('has no time zone (Z or an offset such as +00:00)');
    expect(problem('2026-01-15T10:00:00.123')).to.match(/no time zone/);
  });

  for (const [text, says] of [
    ['2026-01-15T10:00:00+15:00', /beyond ±14:00/],
    ['2026-01-15T10:00:00+14:30', /beyond ±14:00/],
    ['2026-01-15T10:00:00+05:60', /beyond ±14:00/],
    ['2026-01-15T10:00:00+0500', /is not an xs:dateTime/],
    ['2026-01-15T10:00:00+05', /is not an xs:dateTime/],
    ['2026-13-01T00:00:00Z', /no real date/],
    ['2026-01-15T24:00:01Z', /no real date/],
    ['2026-01-15T25:00:00Z', /no real date/],
    ['2026-01-15T10:60:00Z', /no real date/],
    ['2026-01-15T10:00:60Z', /no real date/],
    ['2026-02-30T10:00:00Z', /no real date/],
    ['2023-02-29T10:00:00Z', /no real date/],
    ['0000-01-15T10:00:00Z', /year 0000/],
    ['-2026-01-15T10:00:00Z', /is not an xs:dateTime/],
    ['12026-01-15T10:00:00Z', /is not an xs:dateTime/],
    [' 2026-01-15T10:00:00Z', /is not an xs:dateTime/],
    ['2026-01-15T10:00:00Z ', /is not an xs:dateTime/],
    ['2026-01-15T10:00:00.Z', /is not an xs:dateTime/],
    ['2026-01-15t10:00:00z', /is not an xs:dateTime/],
    ['2026-01-15 10:00:00Z', /is not an xs:dateTime/],
    ['２026-01-15T10:00:00Z', /is not an xs:dateTime/],
  ] as const) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(problem(text)).to.match(says);
    });
  }
});
