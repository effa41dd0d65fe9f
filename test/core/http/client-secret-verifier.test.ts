/**
 * Client secrets with the verified-credential cache (core/src/http/client-secret-verifier.ts,
 * `security.clientSecretCache`): the real scrypt check, wrapped to count its runs, so each case shows whether
 * scrypt ran (no timing involved). Every negative case starts from a secret accepted and kept, and changes one
 * thing.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import type { Clock } from '@sts/sdk';
import { ManualClock } from '@sts/sdk/testing';
import { REPO_ROOT } from '../../helpers/paths.js';

interface SecretHash {
  readonly hash: Buffer;
}
type SecretCheck = (secret: string, expected: SecretHash | undefined) => Promise<boolean>;
interface Verifier {
  verify(clientId: string, secret: string, expected: SecretHash | undefined): Promise<boolean>;
}
type VerifierClass = new (settings: { ttlSeconds: number; maxEntries: number }, clock: Clock, check?: SecretCheck) => Verifier;

const SECRET = 'demo-wsc-secret';
const OTHER_SECRET = 'other-wsc-secret';

describe('client secrets: the verified-credential cache (security.clientSecretCache)', function () {
  this.timeout(20_000);
  let ClientSecretVerifier: VerifierClass;
  let verifyClientSecret: SecretCheck;
  let hash: SecretHash;
  let otherHash: SecretHash;

  before(async () => {
    ({ ClientSecretVerifier } = await import(join(REPO_ROOT, 'core', 'dist', 'http', 'client-secret-verifier.js')));
    const hashes = await import(join(REPO_ROOT, 'core', 'dist', 'http', 'client-secret-hash.js'));
    verifyClientSecret = hashes.verifyClientSecret;
    hash = hashes.parseSecretHash(await hashes.hashSecret(SECRET));
    otherHash = hashes.parseSecretHash(await hashes.hashSecret(OTHER_SECRET));
  });

  /** A verifier whose misses run the real scrypt check, counted. */
  function counting(settings = { ttlSeconds: 60, maxEntries: 100 }) {
    const clock = new ManualClock(new Date('2026-12-07T12:00:00Z'));
    const runs = { scrypt: 0 };
    const verifier = new ClientSecretVerifier(settings, clock, (secret, expected) => {
      runs.scrypt++;
      return verifyClientSecret(secret, expected);
    });
    return { verifier, clock, runs };
  }

  it('the right secret runs scrypt once, then is accepted from the cache within the TTL (control)', async () => {
    const { verifier, runs } = counting();
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(runs.scrypt).to.equal(1);
  });

  it('a wrong secret after a hit runs scrypt and is refused; the right one is still kept', async () => {
    const { verifier, runs } = counting();
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    for (const wrong of [`${SECRET}x`, 'demo-wsc-secreT', '', SECRET.slice(0, -1)]) {
      expect(await verifier.verify('demo-wsc', wrong, hash), wrong).to.equal(false);
    }
    expect(runs.scrypt).to.equal(5);
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(runs.scrypt, 'a wrong guess does not push the client back to scrypt').to.equal(5);
  });

  it('a kept secret does not pass for another client, even one whose hash it would not match anyway', async () => {
    const { verifier, runs } = counting();
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(await verifier.verify('other-wsc', SECRET, otherHash)).to.equal(false);
    expect(runs.scrypt).to.equal(2);
  });

  it('a client id that is not configured runs the decoy scrypt and is refused, even with a kept client\'s id and secret', async () => {
    const { verifier, runs } = counting();
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    // The caller passes no hash for a client id it does not know.
    expect(await verifier.verify('demo-wsc', SECRET, undefined)).to.equal(false);
    expect(runs.scrypt).to.equal(2);
  });

  it('a kept secret counts only for the hash it was verified against: under another hash, scrypt decides', async () => {
    const { verifier, runs } = counting();
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(await verifier.verify('demo-wsc', SECRET, otherHash)).to.equal(false);
    expect(runs.scrypt).to.equal(2);
  });

  it('a failure is never kept: the same wrong secret runs scrypt every time', async () => {
    const { verifier, runs } = counting();
    for (let i = 0; i < 3; i++) expect(await verifier.verify('demo-wsc', 'wrong', hash)).to.equal(false);
    expect(runs.scrypt).to.equal(3);
  });

  it('a kept secret expires after ttlSeconds: scrypt runs again', async () => {
    const { verifier, clock, runs } = counting({ ttlSeconds: 60, maxEntries: 100 });
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    clock.advance(59);
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(runs.scrypt).to.equal(1);
    clock.advance(1);
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(runs.scrypt).to.equal(2);
  });

  it('ttlSeconds 0 turns the cache off: scrypt runs for every request', async () => {
    const { verifier, runs } = counting({ ttlSeconds: 0, maxEntries: 100 });
    for (let i = 0; i < 3; i++) expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(runs.scrypt).to.equal(3);
  });

  it('at maxEntries the oldest client is dropped and pays one scrypt again', async () => {
    const { verifier, runs } = counting({ ttlSeconds: 60, maxEntries: 1 });
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(await verifier.verify('other-wsc', OTHER_SECRET, otherHash)).to.equal(true);
    expect(await verifier.verify('other-wsc', OTHER_SECRET, otherHash)).to.equal(true);
    expect(runs.scrypt).to.equal(2);
    expect(await verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(runs.scrypt).to.equal(3);
  });

  it('two verifiers (the OAuth and the WS-Trust face) keep nothing in common', async () => {
    const oauth = counting();
    const wsTrust = counting();
    expect(await oauth.verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(await wsTrust.verifier.verify('demo-wsc', SECRET, hash)).to.equal(true);
    expect(wsTrust.runs.scrypt).to.equal(1);
  });
});
