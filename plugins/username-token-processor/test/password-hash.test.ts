import { expect } from 'chai';
import { hashPassword, parsePasswordHash, verifyPassword } from '../src/password-hash.js';
import { computePasswordDigest } from '../src/password-digest.js';

describe('username-token-processor password hashing', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const hash = parsePasswordHash(await hashPassword('2Federate'));
    expect(await verifyPassword('2Federate', hash)).to.equal(true);
    expect(await verifyPassword('2federate', hash)).to.equal(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.to.equal(await hashPassword('same'));
  });

  it('treats composed and decomposed forms of a character as the same password (NFC)', async () => {
    const hash = parsePasswordHash(await hashPassword('caf\u00e9'));
    expect(await verifyPassword('cafe\u0301', hash)).to.equal(true);
  });

  it('refuses hashes with a cost below the minimum or a malformed salt', async () => {
    const good = await hashPassword('x');
    expect(() => parsePasswordHash(good.replace('$16384$', '$8192$'))).to.throw(/N must be/);
    expect(() => parsePasswordHash(good.replace('$16384$', '$20000$'))).to.throw(/power of two/);
    expect(() => parsePasswordHash(good.replace('$8$1$', '$8$1$!'))).to.throw(/salt is not base64/);
    expect(() => parsePasswordHash('bcrypt$whatever')).to.throw(/must have the form/);
  });
});

describe('username-token-processor PasswordDigest', () => {
  it('matches the worked example published in the ONVIF Application Programmer\'s Guide', () => {
    // Base64(SHA-1(B64Decode(Nonce) + Created + Password)), the UsernameToken Profile 1.0 section 3.1 formula.
    const nonce = Buffer.from('LKqI6G/AikKCQrN0zqZFlg==', 'base64');
    const digest = computePasswordDigest(nonce, '2010-09-16T07:50:45Z', 'userpassword');
    expect(digest.toString('base64')).to.equal('tuOSpGlFlIXsozq4HFNeeGeFLEI=');
  });
});
