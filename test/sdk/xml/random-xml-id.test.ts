/**
 * randomXmlId (sdk/src/xml/random-xml-id.ts): an NCName of `_` and 160 random bits, drawn from a pool of random
 * bytes that is refilled when it runs out; no byte is handed out twice.
 */
import { expect } from 'chai';
import { randomXmlId } from '@sts/sdk/xml';

describe('randomXmlId', () => {
  it('gives `_` and 40 hex digits, never the same twice, across several refills of its pool', () => {
    // 204 IDs fit in one 4 KB pool: 2,000 span ten refills.
    const ids = Array.from({ length: 2000 }, () => randomXmlId());
    for (const id of ids) expect(id).to.match(/^_[0-9a-f]{40}$/);
    expect(new Set(ids).size).to.equal(ids.length);
    // No ID shares a 4-byte run with the next one (the pool's bytes are each used once).
    for (let i = 1; i < ids.length; i++) expect(ids[i]!.slice(1, 9)).to.not.equal(ids[i - 1]!.slice(33, 41));
  });

  it('spreads every hex digit over every position (160 bits, not a counter)', () => {
    const ids = Array.from({ length: 2000 }, () => randomXmlId());
    for (let position = 1; position <= 40; position++) {
      const digits = new Set(ids.map((id) => id[position]));
      expect(digits.size, `position ${position}`).to.equal(16);
    }
  });
});
