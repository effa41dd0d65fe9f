import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { VerifiedJwts } from '../src/verified-jwts.js';

const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const parts = () => ({ header: { alg: 'ES256' }, payload: { sub: 'joe', act: { sub: 'service-a' } } });

describe('VerifiedJwts: verified tokens kept by their exact text', () => {
  it('finds a token only by its exact text, and knows only the keys it verified under', () => {
    const verified = new VerifiedJwts();
    const [a, b] = [key(), key()];
    verified.remember('h.p.s', parts(), a);
    expect(verified.get('h.p.s')!.keys.has(a)).to.equal(true);
    expect(verified.get('h.p.s')!.keys.has(b)).to.equal(false);
    expect(verified.get('h.p.S')).to.equal(undefined);
    verified.remember('h.p.s', parts(), b);
    expect(verified.get('h.p.s')!.keys.has(b)).to.equal(true);
  });

  it('freezes the kept parts, nested objects too', () => {
    const verified = new VerifiedJwts();
    verified.remember('h.p.s', parts(), key());
    const kept = verified.get('h.p.s')!;
    expect(Object.isFrozen(kept.header)).to.equal(true);
    expect(Object.isFrozen(kept.payload)).to.equal(true);
    expect(Object.isFrozen(kept.payload['act'])).to.equal(true);
  });

  it('keeps at most max tokens and maxChars characters, dropping the least recently used', () => {
    const byCount = new VerifiedJwts(2);
    for (const text of ['a.a.a', 'b.b.b', 'c.c.c']) byCount.remember(text, parts(), key());
    expect(byCount.get('a.a.a')).to.equal(undefined);
    expect(byCount.get('c.c.c')).not.to.equal(undefined);
    const bySize = new VerifiedJwts(100, 30);
    for (const text of ['x'.repeat(12), 'y'.repeat(12), 'z'.repeat(12)]) bySize.remember(text, parts(), key());
    expect(bySize.get('x'.repeat(12))).to.equal(undefined);
    expect(bySize.get('z'.repeat(12))).not.to.equal(undefined);
  });
});
