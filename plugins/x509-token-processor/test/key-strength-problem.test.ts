import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { keyStrengthProblem } from '../src/key-strength-problem.js';

const DEFAULTS = { rsaBits: 2048, ecBits: 256 };

describe('keyStrengthProblem', () => {
  it('accepts RSA 2048 and EC P-256 at the defaults', () => {
    expect(keyStrengthProblem(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, DEFAULTS)).to.equal(undefined);
    expect(keyStrengthProblem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, DEFAULTS)).to.equal(undefined);
  });

  it('refuses RSA below the minimum', () => {
    expect(keyStrengthProblem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, DEFAULTS)).to.match(/RSA key of 1024 bits/);
  });

  it('refuses P-256 when minEcBits is 384, and accepts P-384', () => {
    expect(keyStrengthProblem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, { rsaBits: 2048, ecBits: 384 })).to.match(/EC key of 256 bits/);
    expect(keyStrengthProblem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, { rsaBits: 2048, ecBits: 384 })).to.equal(undefined);
  });

  it('refuses a curve outside P-256/P-384/P-521 and key types other than RSA and EC', () => {
    expect(keyStrengthProblem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, DEFAULTS)).to.match(/curve secp256k1/);
    expect(keyStrengthProblem(generateKeyPairSync('ed25519').publicKey, DEFAULTS)).to.match(/ed25519 key; only RSA and EC/);
  });
});
