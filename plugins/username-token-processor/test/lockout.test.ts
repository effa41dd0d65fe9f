import { expect } from 'chai';
import { passwordTextToken, receivedToken } from './helpers/username-token.js';
import { ANN, JOE, createFixture, expectRefused, removeFixtures, type Fixture } from './helpers/processor-fixture.js';

describe('username-token-processor lockout', () => {
  let f: Fixture;
  const right = (address?: string) => f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password), address));
  const wrong = (address?: string) => f.processor.process(receivedToken(passwordTextToken(JOE.username, 'guess'), address));

  /** The namespace of every call of one of the state store's methods from now on, in order. */
  function namespacesOf(method: 'count' | 'delete'): string[] {
    const namespaces: string[] = [];
    const store = f.store as unknown as Record<string, (namespace: string, key: string) => Promise<unknown>>;
    const original = store[method]!.bind(f.store);
    store[method] = (namespace, key) => {
      namespaces.push(namespace);
      return original(namespace, key);
    };
    return namespaces;
  }

  async function fail(times: number, address?: string): Promise<void> {
    for (let i = 0; i < times; i++) await expectRefused(wrong(address), /wrong password/);
  }

  beforeEach(async () => {
    f = await createFixture({ lockout: { maxFailures: 3, windowSeconds: 600, lockoutSeconds: 120 } });
  });
  afterEach(removeFixtures);

  it('still accepts the right password after maxFailures - 1 failures', async () => {
    await fail(2);
    expect((await right()).subject).to.equal('joe');
  });

  it('locks the username out after maxFailures failures, even with the right password', async () => {
    await fail(3);
    await expectRefused(right(), /user "joe" is locked out from 192\.0\.2\.10/);
  });

  it('does not lock the same username out from another client address', async () => {
    await fail(3);
    expect((await right('198.51.100.7')).subject).to.equal('joe');
  });

  it('does not lock another username out from the same client address', async () => {
    await fail(3);
    expect((await f.processor.process(receivedToken(passwordTextToken(ANN.username, ANN.password)))).subject).to.equal('ann');
  });

  it('resets the failure counter after a successful login', async () => {
    await fail(2);
    await right();
    await fail(2);
    expect((await right()).subject).to.equal('joe');
  });

  it('writes nothing to reset a counter that is not there: a login after no failure deletes nothing', async () => {
    const deletes = namespacesOf('delete');
    expect((await right()).subject).to.equal('joe');
    expect(deletes).to.deep.equal([]);
    await fail(1);
    await right();
    expect(deletes).to.deep.equal(['ut-fail']);
  });

  it('reads the lock and the failures once each for a login after no failure, and nothing more to reset', async () => {
    const reads = namespacesOf('count');
    expect((await right()).subject).to.equal('joe');
    expect(reads).to.deep.equal(['ut-lock', 'ut-fail']);
  });

  it('keeps a failure counted by another request while a login checked its password', async () => {
    const original = f.store.count.bind(f.store);
    let raced = false;
    f.store.count = async (namespace: string, key: string) => {
      const count = await original(namespace, key);
      // Another worker records a failure for the same user and address right after this login read none.
      if (namespace === 'ut-fail' && !raced) {
        raced = true;
        await f.store.increment('ut-fail', key, 600);
      }
      return count;
    };
    expect((await right()).subject).to.equal('joe');
    f.store.count = original;
    await fail(2);
    await expectRefused(right(), /locked out/);
  });

  it('ends the lock after lockoutSeconds, and then allows maxFailures new attempts', async () => {
    await fail(3);
    f.clock.advance(119);
    await expectRefused(right(), /locked out/);
    f.clock.advance(1);
    await fail(2);
    expect((await right()).subject).to.equal('joe');
  });

  it('forgets failures older than windowSeconds', async () => {
    await fail(2);
    f.clock.advance(600);
    await fail(2);
    expect((await right()).subject).to.equal('joe');
  });

  it('counts failures for unknown usernames the same way', async () => {
    const unknown = () => f.processor.process(receivedToken(passwordTextToken('mallory', 'guess')));
    for (let i = 0; i < 3; i++) await expectRefused(unknown(), /unknown user "mallory"/);
    await expectRefused(unknown(), /locked out/);
  });

  it('logs a warning, without the password, when it locks a username', async () => {
    await fail(3);
    const warning = f.logger.records.find((r) => r.level === 'warn');
    expect(warning?.message).to.match(/locked out/);
    expect(warning?.fields).to.deep.include({ username: 'joe', clientAddress: '192.0.2.10', lockoutSeconds: 120 });
    expect(JSON.stringify(f.logger.records)).not.to.contain('guess');
  });
});
