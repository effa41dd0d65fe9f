/**
 * The SDK's pool of random bytes (sdk/src/random-pool.ts): values cut from a 4 KB pool refilled when it runs out,
 * each byte handed out once.
 */
import { expect } from 'chai';
import { randomBase64Url, randomHex } from '@sts/sdk';

describe('random values from the SDK pool', () => {
  it('randomBase64Url(16): 22 base64url characters (128 bits), never the same twice, across several refills', () => {
    // 256 values fit in one 4 KB pool: 3,000 span about twelve refills.
    const values = Array.from({ length: 3000 }, () => randomBase64Url(16));
    for (const value of values) expect(value).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(values).size).to.equal(values.length);
    expect(Buffer.from(values[0]!, 'base64url')).to.have.length(16);
  });

  it('spreads the characters over every position of randomBase64Url and randomHex (not a counter)', () => {
    const b64 = Array.from({ length: 3000 }, () => randomBase64Url(16));
    // 21 full positions carry 6 random bits each; the 22nd carries the last 2 bits of the 16th byte.
    for (let position = 0; position < 21; position++) expect(new Set(b64.map((v) => v[position])).size, `position ${position}`).to.equal(64);
    const hex = Array.from({ length: 2000 }, () => randomHex(8));
    for (let position = 0; position < 16; position++) expect(new Set(hex.map((v) => v[position])).size, `position ${position}`).to.equal(16);
  });

  it('hands out each byte once: consecutive values share no bytes', () => {
    const values = Array.from({ length: 1000 }, () => Buffer.from(randomHex(32), 'hex'));
    for (let i = 1; i < values.length; i++) expect(values[i]!.subarray(0, 8).equals(values[i - 1]!.subarray(24, 32))).to.equal(false);
  });

  it('refuses a size it cannot serve from the pool', () => {
    for (const bytes of [0, -1, 1.5, 257, Number.NaN]) expect(() => randomHex(bytes), String(bytes)).to.throw(RangeError);
  });
});
