/**
 * The JWS signature check (src/verify-compact-jws.ts, node:crypto) against tokens jose signed, for every
 * algorithm the processor accepts: each verifies with its public key, and each of these changes makes it fail
 * without a throw: one bit of the signing input or of the signature, another key, another algorithm of the same
 * family, a DER-encoded ECDSA signature, a PSS salt of another length, a signature part that is not base64url.
 */
import { constants, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import type { VerificationAlgorithm } from '../src/config-schema.js';
import { jwsSignatureVerifies } from '../src/verify-compact-jws.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });

const KEYS: Record<VerificationAlgorithm, { privateKey: KeyObject; publicKey: KeyObject }> = {
  RS256: rsa, RS384: rsa, RS512: rsa, PS256: rsa, ES256: p256, ES384: p384,
};

const joseToken = (alg: VerificationAlgorithm): Promise<string> =>
  new SignJWT({ sub: 'joe', iss: 'urn:i' }).setProtectedHeader({ alg, kid: 'k' }).sign(KEYS[alg].privateKey);

/** Flips the lowest bit of the character at `index` within the base64url alphabet's letters. */
function flip(compact: string, index: number): string {
  const c = compact[index]!;
  const swapped = c === 'A' ? 'B' : c === 'B' ? 'A' : c === 'a' ? 'b' : 'a';
  return compact.slice(0, index) + swapped + compact.slice(index + 1);
}

describe('jwt-token-processor: the JWS signature check', () => {
  for (const alg of Object.keys(KEYS) as VerificationAlgorithm[]) {
    describe(alg, () => {
      let token: string;
      before(async () => {
        token = await joseToken(alg);
      });

      it('verifies the token jose signed, with the public key', () => {
        expect(jwsSignatureVerifies(token, alg, KEYS[alg].publicKey)).to.equal(true);
      });

      it('fails for a changed claims set, a changed signature, another key', () => {
        const dot = token.indexOf('.');
        expect(jwsSignatureVerifies(flip(token, dot + 5), alg, KEYS[alg].publicKey)).to.equal(false);
        expect(jwsSignatureVerifies(flip(token, token.lastIndexOf('.') + 3), alg, KEYS[alg].publicKey)).to.equal(false);
        const other = alg.startsWith('ES') ? generateKeyPairSync('ec', { namedCurve: alg === 'ES256' ? 'P-256' : 'P-384' }) : otherRsa;
        expect(jwsSignatureVerifies(token, alg, other.publicKey)).to.equal(false);
      });

      it('fails for a signature part that is not base64url', () => {
        expect(jwsSignatureVerifies(`${token}=`, alg, KEYS[alg].publicKey)).to.equal(false);
        expect(jwsSignatureVerifies(`${token.slice(0, token.lastIndexOf('.') + 1)}`, alg, KEYS[alg].publicKey)).to.equal(false);
      });
    });
  }

  it('fails for the algorithm\'s sibling: an RS256 token checked as RS512 or PS256, an ES384 key asked for ES256', async () => {
    const token = await joseToken('RS256');
    expect(jwsSignatureVerifies(token, 'RS512', rsa.publicKey)).to.equal(false);
    expect(jwsSignatureVerifies(token, 'PS256', rsa.publicKey)).to.equal(false);
    expect(jwsSignatureVerifies(await joseToken('ES384'), 'ES256', p384.publicKey)).to.equal(false);
    // A key of the wrong kind is a failed check, not a throw.
    expect(jwsSignatureVerifies(token, 'ES256', rsa.publicKey)).to.equal(false);
  });

  it('fails for an ECDSA signature in DER instead of R || S (RFC 7518 section 3.4)', async () => {
    const token = await joseToken('ES256');
    const input = token.slice(0, token.lastIndexOf('.'));
    const der = sign('sha256', Buffer.from(input), p256.privateKey).toString('base64url');
    expect(jwsSignatureVerifies(`${input}.${der}`, 'ES256', p256.publicKey)).to.equal(false);
    const p1363 = sign('sha256', Buffer.from(input), { key: p256.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    expect(jwsSignatureVerifies(`${input}.${p1363}`, 'ES256', p256.publicKey)).to.equal(true);
  });

  it('verifies PS256 with an RSASSA-PSS key (id-RSASSA-PSS, restricted to SHA-256 and a 32-byte salt)', () => {
    // @types/node types saltLength as a string; Node takes the number of bytes.
    const pssKeys = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 as unknown as string });
    const input = `${Buffer.from('{"alg":"PS256"}').toString('base64url')}.${Buffer.from('{"sub":"joe"}').toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), { key: pssKeys.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect(jwsSignatureVerifies(`${input}.${signature.toString('base64url')}`, 'PS256', pssKeys.publicKey)).to.equal(true);
    expect(jwsSignatureVerifies(`${input}x.${signature.toString('base64url')}`, 'PS256', pssKeys.publicKey)).to.equal(false);
  });

  it('fails for a PS256 signature whose salt is not the hash length (RFC 7518 section 3.5)', async () => {
    const token = await joseToken('PS256');
    const input = token.slice(0, token.lastIndexOf('.'));
    const pss = (saltLength: number) => sign('sha256', Buffer.from(input), { key: createPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }).toString('base64url');
    expect(jwsSignatureVerifies(`${input}.${pss(32)}`, 'PS256', rsa.publicKey)).to.equal(true);
    expect(jwsSignatureVerifies(`${input}.${pss(20)}`, 'PS256', rsa.publicKey)).to.equal(false);
  });
});
