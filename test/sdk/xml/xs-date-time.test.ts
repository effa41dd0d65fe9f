/** `xsDateTime`: the one xs:dateTime writer (whole seconds, UTC), which remembers the last seconds it wrote. */
import { expect } from 'chai';
import { xsDateTime } from '@sts/sdk/xml';

/** What the writer must give, worked out without it. */
const expected = (ms: number) => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;

describe('xsDateTime: UTC, whole seconds, the same text for the same second however often it is asked', () => {
  it('writes whole seconds in UTC, dropping the fraction (rounding down)', () => {
    expect(xsDateTime(new Date('2026-11-28T06:00:00.999Z'))).to.equal('2026-11-28T06:00:00Z');
    expect(xsDateTime(new Date('2026-11-28T07:00:00.000+01:00'))).to.equal('2026-11-28T06:00:00Z');
    expect(xsDateTime(new Date('1969-12-31T23:59:59.500Z'))).to.equal('1969-12-31T23:59:59Z');
  });

  it('gives the right text for thousands of instants met in a jumbled order, each several times', () => {
    const base = Date.UTC(2026, 11, 7, 12);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const ms = base + Math.floor((random() - 0.5) * 40_000);
      expect(xsDateTime(new Date(ms)), String(ms)).to.equal(expected(ms));
    }
  });

  it('refuses an invalid date', () => {
    expect(() => xsDateTime(new Date(Number.NaN))).to.throw(TypeError, 'invalid date');
  });
});
