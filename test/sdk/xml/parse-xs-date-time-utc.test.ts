/** `parseXsDateTimeUtc`: the UTC `xs:dateTime` reader behind SAML instants and wsu:Created. */
import { expect } from 'chai';
import { parseXsDateTimeUtc } from '@sts/sdk/xml';

describe('parseXsDateTimeUtc', () => {
  it('reads a UTC dateTime with and without fractional seconds, to the millisecond', () => {
    expect(parseXsDateTimeUtc('2026-01-15T10:00:00Z')?.toISOString()).to.equal('2026-01-15T10:00:00.000Z');
    expect(parseXsDateTimeUtc('2026-01-15T10:00:00.1239Z')?.toISOString()).to.equal('2026-01-15T10:00:00.123Z');
    expect(parseXsDateTimeUtc('2026-01-15T10:00:00.5Z')?.toISOString()).to.equal('2026-01-15T10:00:00.500Z');
    expect(parseXsDateTimeUtc('2024-02-29T23:59:59Z')?.toISOString()).to.equal('2024-02-29T23:59:59.000Z');
  });

  for (const text of [
    '2026-01-15T10:00:00',
    '2026-01-15T10:00:00+00:00',
    '2026-13-01T00:00:00Z',
    '2026-01-15T24:00:00Z',
    '2026-01-15T10:60:00Z',
    '2026-01-15T10:00:60Z',
    '2026-02-30T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '0050-01-15T10:00:00Z',
    ' 2026-01-15T10:00:00Z',
    '2026-01-15T10:00:00.Z',
  ]) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(parseXsDateTimeUtc(text)).to.equal(undefined);
    });
  }

  it('accepts a fraction of any length unless maxFractionDigits limits it', () => {
    const ten = '2026-01-15T10:00:00.1234567890Z';
    expect(parseXsDateTimeUtc(ten)?.toISOString()).to.equal('2026-01-15T10:00:00.123Z');
    expect(parseXsDateTimeUtc(ten, { maxFractionDigits: 9 })).to.equal(undefined);
    expect(parseXsDateTimeUtc('2026-01-15T10:00:00.123456789Z', { maxFractionDigits: 9 })?.toISOString()).to.equal('2026-01-15T10:00:00.123Z');
  });
});
