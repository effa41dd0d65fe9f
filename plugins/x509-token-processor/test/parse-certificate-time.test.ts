import { expect } from 'chai';
import { parseCertificateTime } from '../src/parse-certificate-time.js';

describe('parseCertificateTime', () => {
  it("reads OpenSSL's ASN1_TIME_print form, with a space-padded day", () => {
    expect(parseCertificateTime('Nov 28 06:49:21 2026 GMT').toISOString()).to.equal('2026-11-28T06:49:21.000Z');
    expect(parseCertificateTime('Mar  1 12:00:00 2026 GMT').toISOString()).to.equal('2026-03-01T12:00:00.000Z');
  });

  it('reads fractional seconds of a GeneralizedTime by dropping them', () => {
    expect(parseCertificateTime('Jan  2 03:04:05.123 2050 GMT').toISOString()).to.equal('2050-01-02T03:04:05.000Z');
  });

  it('throws on another format or a date that does not exist', () => {
    expect(() => parseCertificateTime('2026-03-01T12:00:00Z')).to.throw(/cannot read/);
    expect(() => parseCertificateTime('Foo  1 12:00:00 2026 GMT')).to.throw(/cannot read/);
    expect(() => parseCertificateTime('Feb 30 12:00:00 2026 GMT')).to.throw(/not a real date/);
    expect(() => parseCertificateTime('Feb 28 12:00:60 2026 GMT')).to.throw(/not a real date/);
  });
});
