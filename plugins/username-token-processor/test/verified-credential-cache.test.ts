import { createHash } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { MemoryStateStore, VerifiedCredentialCache } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { verifyPassword, type PasswordHash } from '../src/password-hash.js';
import { UsersFileValidator } from '../src/users-file-validator.js';
import { passwordTextToken, receivedToken } from './helpers/username-token.js';
import { ANN, JOE, START, createFixture, expectRefused, removeFixtures, temporaryDirectory, writeUsersFile } from './helpers/processor-fixture.js';

/** A validator on a fresh users file whose scrypt runs are counted (no timing involved). */
async function countingValidator(settings = { ttlSeconds: 60, maxEntries: 10_000 }) {
  const file = join(await temporaryDirectory(), 'users.json');
  await writeUsersFile(file, [JOE, ANN]);
  const clock = new ManualClock(START);
  const cache = new VerifiedCredentialCache(settings, clock);
  const runs = { scrypt: 0 };
  const counting = (password: string, hash: PasswordHash): Promise<boolean> => {
    runs.scrypt++;
    return verifyPassword(password, hash);
  };
  const validator = await UsersFileValidator.open(file, clock, new RecordingLogger(), { credentialCache: cache, verifyPassword: counting });
  return { validator, cache, clock, runs, file };
}

describe('username-token-processor verified-credential cache', () => {
  afterEach(removeFixtures);

  describe('scrypt runs (counted)', () => {
    it('skips scrypt for the same username and password within ttlSeconds, and runs it again after', async () => {
      const { validator, clock, runs } = await countingValidator();
      expect((await validator.checkPassword('joe', JOE.password)).ok).to.equal(true);
      expect((await validator.checkPassword('joe', JOE.password)).ok).to.equal(true);
      expect(runs.scrypt).to.equal(1);
      clock.advance(60);
      expect((await validator.checkPassword('joe', JOE.password)).ok).to.equal(true);
      expect(runs.scrypt).to.equal(2);
    });

    it('with ttlSeconds 0 stores nothing and runs scrypt for every login', async () => {
      const { validator, cache, runs } = await countingValidator({ ttlSeconds: 0, maxEntries: 10_000 });
      for (let i = 0; i < 3; i++) expect((await validator.checkPassword('joe', JOE.password)).ok).to.equal(true);
      expect(runs.scrypt).to.equal(3);
      expect(cache.size).to.equal(0);
    });

    it('still runs scrypt for an unknown user and a wrong password after a hit, and caches neither', async () => {
      const { validator, cache, runs } = await countingValidator();
      await validator.checkPassword('joe', JOE.password);
      await validator.checkPassword('joe', JOE.password);
      expect((await validator.checkPassword('nobody', JOE.password)).ok).to.equal(false);
      expect((await validator.checkPassword('joe', 'wrong')).ok).to.equal(false);
      expect((await validator.checkPassword('joe', 'wrong')).ok).to.equal(false);
      expect(runs.scrypt).to.equal(4);
      expect(cache.size).to.equal(1);
    });

    it('keeps at most maxEntries users, dropping the oldest (which then costs one scrypt)', async () => {
      const { validator, cache, runs } = await countingValidator({ ttlSeconds: 60, maxEntries: 1 });
      await validator.checkPassword('joe', JOE.password);
      await validator.checkPassword('ann', ANN.password);
      expect(cache.size).to.equal(1);
      expect(cache.stored('joe')).to.equal(undefined);
      await validator.checkPassword('ann', ANN.password);
      expect(runs.scrypt).to.equal(2);
      expect((await validator.checkPassword('joe', JOE.password)).ok).to.equal(true);
      expect(runs.scrypt).to.equal(3);
    });

    it('empties the cache when the users file changes', async () => {
      const { validator, cache, clock, runs, file } = await countingValidator();
      await validator.checkPassword('joe', JOE.password);
      await writeUsersFile(file, [JOE]);
      await utimes(file, new Date(), new Date(Date.now() + 5000));
      clock.advance(2);
      expect((await validator.checkPassword('joe', JOE.password)).ok).to.equal(true);
      expect(runs.scrypt).to.equal(2);
      expect(cache.size).to.equal(1);
    });
  });

  it('stores a 32-byte keyed MAC and an expiry, never the password or an unkeyed hash of it', async () => {
    const { validator, cache } = await countingValidator();
    await validator.checkPassword('joe', JOE.password);
    const stored = cache.stored('joe')!;
    expect(Object.keys(stored).sort()).to.deep.equal(['expiresAt', 'mac']);
    expect(stored.mac).to.have.length(32);
    expect(stored.expiresAt).to.equal(START.getTime() + 60_000);
    const password = Buffer.from(JOE.password, 'utf8');
    expect(stored.mac.includes(password)).to.equal(false);
    expect(JSON.stringify(stored)).not.to.include(JOE.password);
    const unkeyed = createHash('sha256').update(`joe\u0000${JOE.password}`).digest();
    expect(stored.mac.equals(unkeyed)).to.equal(false);
    // The key is per instance (per process in the STS): the same login gives another MAC elsewhere.
    const other = new VerifiedCredentialCache({ ttlSeconds: 60, maxEntries: 10 }, new ManualClock(START));
    other.remember('joe', JOE.password);
    expect(other.stored('joe')!.mac.equals(stored.mac)).to.equal(false);
  });

  describe('refusals after a cache hit (the processor as the kernel runs it)', () => {
    const login = (password: string, address?: string) => receivedToken(passwordTextToken('joe', password), address);

    it('refuses a wrong password after a hit', async () => {
      const f = await createFixture();
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
      await expectRefused(f.processor.process(login('wrong')), /wrong password "joe"/);
      await expectRefused(f.processor.process(login(`${JOE.password} `)), /wrong password "joe"/);
    });

    it('refuses a user locked out after a hit, and the right password after the lock ends only through scrypt', async () => {
      const f = await createFixture({ lockout: { maxFailures: 2, windowSeconds: 600, lockoutSeconds: 30 } });
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
      await expectRefused(f.processor.process(login('wrong')), /wrong password/);
      await expectRefused(f.processor.process(login('wrong')), /wrong password/);
      await expectRefused(f.processor.process(login(JOE.password)), /user "joe" is locked out/);
      f.clock.advance(30);
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
    });

    it('refuses a user locked out by another worker (the lock in the shared store) after a hit', async () => {
      const f = await createFixture({ lockout: { maxFailures: 2, windowSeconds: 600, lockoutSeconds: 30 } });
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
      const store: MemoryStateStore = f.store;
      await store.putIfAbsent('ut-lock', 'joe\u0000192.0.2.10', 30);
      await expectRefused(f.processor.process(login(JOE.password, '192.0.2.10')), /locked out/);
    });

    it('refuses the old password after the users file replaced it, within the TTL', async () => {
      const f = await createFixture();
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
      await writeUsersFile(f.usersFile, [{ ...JOE, password: 'a new passphrase' }, ANN]);
      await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
      f.clock.advance(2);
      await expectRefused(f.processor.process(login(JOE.password)), /wrong password "joe"/);
      expect((await f.processor.process(login('a new passphrase'))).subject).to.equal('joe');
    });

    it('refuses a removed user after the users file changed, within the TTL', async () => {
      const f = await createFixture();
      expect((await f.processor.process(login(JOE.password))).subject).to.equal('joe');
      await writeUsersFile(f.usersFile, [ANN]);
      await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
      f.clock.advance(2);
      await expectRefused(f.processor.process(login(JOE.password)), /unknown user "joe"/);
    });
  });
});
