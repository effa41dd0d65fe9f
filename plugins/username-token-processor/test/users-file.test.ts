import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { MemoryStateStore, ServerFailureError } from '@sts/sdk';
import { createTestInstance, ManualClock } from '@sts/sdk/testing';
import plugin from '../src/index.js';
import { passwordTextToken, receivedToken } from './helpers/username-token.js';
import {
  ANN,
  JOE,
  START,
  createFixture,
  expectRefused,
  removeFixtures,
  temporaryDirectory,
  writeUsersFile,
  type TestUser,
} from './helpers/processor-fixture.js';

const BOB: TestUser = { username: 'bob', password: 'bob-password', attributes: { mail: ['bob@example.com'] } };

async function createWithFile(text: string): Promise<unknown> {
  const dir = await temporaryDirectory();
  const usersFile = join(dir, 'users.json');
  await writeFile(usersFile, text);
  const created = createTestInstance(plugin, { clock: new ManualClock(START), stateStore: new MemoryStateStore() }, { config: { usersFile } });
  return created.then(
    () => expect.fail('create() accepted the file'),
    (err: Error) => ({ message: err.message, usersFile }),
  );
}

async function validUsersFileText(): Promise<Record<string, any>> {
  const dir = await temporaryDirectory();
  await writeUsersFile(join(dir, 'users.json'), [JOE]);
  return JSON.parse(await readFile(join(dir, 'users.json'), 'utf8'));
}

describe('username-token-processor users file', () => {
  afterEach(removeFixtures);

  describe('loading', () => {
    it('refuses to create the processor when the users file has an unknown key, naming the file and the JSON path', async () => {
      const data = await validUsersFileText();
      data['users'][0].digestpassword = 'x';
      const { message, usersFile } = (await createWithFile(JSON.stringify(data))) as { message: string; usersFile: string };
      expect(message).to.contain(usersFile);
      expect(message).to.contain('/users/0 has unknown property "digestpassword"');
    });

    it('refuses a users file whose password is not an scrypt hash, without echoing it', async () => {
      const data = await validUsersFileText();
      data['users'][0].password = 'plain-secret';
      const { message } = (await createWithFile(JSON.stringify(data))) as { message: string };
      expect(message).to.contain('/users/0/password is not an scrypt hash');
      expect(message).not.to.contain('plain-secret');
    });

    it('refuses a users file whose scrypt cost is below N = 16384', async () => {
      const data = await validUsersFileText();
      data['users'][0].password = data['users'][0].password.replace('scrypt$16384$', 'scrypt$1024$');
      const { message } = (await createWithFile(JSON.stringify(data))) as { message: string };
      expect(message).to.contain('/users/0/password N must be a power of two');
    });

    it('refuses a users file that lists a username twice', async () => {
      const data = await validUsersFileText();
      data['users'].push(data['users'][0]);
      const { message } = (await createWithFile(JSON.stringify(data))) as { message: string };
      expect(message).to.contain('/users/1/username repeats the username at /users/0/username');
    });

    it('refuses an attribute value that is not a list of strings', async () => {
      const data = await validUsersFileText();
      data['users'][0].attributes = { mail: 'joe@example.com' };
      const { message } = (await createWithFile(JSON.stringify(data))) as { message: string };
      expect(message).to.contain('/users/0/attributes/mail must be array');
    });

    it('refuses a users file that is not JSON', async () => {
      const { message, usersFile } = (await createWithFile('{ "users": [')) as { message: string; usersFile: string };
      expect(message).to.contain(`users file ${usersFile} is not valid JSON`);
    });

    it('refuses a users file that does not exist', async () => {
      const dir = await temporaryDirectory();
      const usersFile = join(dir, 'missing.json');
      const created = createTestInstance(plugin, { clock: new ManualClock(), stateStore: new MemoryStateStore() }, { config: { usersFile } });
      const error = await created.then(() => undefined, (err: Error) => err);
      expect(error?.message).to.contain(`cannot read users file ${usersFile}`);
    });

    it('resolves a relative usersFile against the working directory', async () => {
      const dir = await temporaryDirectory();
      await writeUsersFile(join(dir, 'users.json'), [JOE]);
      const config = { usersFile: relative(process.cwd(), join(dir, 'users.json')) };
      const processor = await createTestInstance(plugin, { clock: new ManualClock(START), stateStore: new MemoryStateStore() }, { config });
      expect((await processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password)))).subject).to.equal('joe');
    });
  });

  describe('reloading', () => {
    it('picks up a changed file without re-creating the processor, checking at most every 2 s', async () => {
      const f = await createFixture({}, [JOE]);
      const bob = () => f.processor.process(receivedToken(passwordTextToken(BOB.username, BOB.password)));
      await expectRefused(bob(), /unknown user "bob"/);

      await writeUsersFile(f.usersFile, [JOE, BOB]);
      await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
      f.clock.advance(1);
      await expectRefused(bob(), /unknown user "bob"/);
      f.clock.advance(1);
      expect((await bob()).attributes).to.deep.equal({ mail: ['bob@example.com'] });
      expect(f.logger.records.some((r) => r.message === 'users file reloaded')).to.equal(true);
    });

    it('removes a user that was deleted from the file', async () => {
      const f = await createFixture({}, [JOE, ANN]);
      await writeUsersFile(f.usersFile, [JOE]);
      await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
      f.clock.advance(2);
      await expectRefused(f.processor.process(receivedToken(passwordTextToken(ANN.username, ANN.password))), /unknown user "ann"/);
    });

    it('fails closed while the file is invalid, logs it once, and recovers when it is fixed', async () => {
      const f = await createFixture({}, [JOE]);
      const joe = () => f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password)));
      await writeFile(f.usersFile, '{ "users": 42 }');
      f.clock.advance(2);
      const error = await joe().then(() => undefined, (err: unknown) => err);
      expect(error).to.be.instanceOf(ServerFailureError);
      f.clock.advance(2);
      await joe().then(() => expect.fail('accepted while the file is invalid'), () => undefined);
      expect(f.logger.records.filter((r) => r.level === 'error')).to.have.length(1);

      await writeUsersFile(f.usersFile, [JOE]);
      await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
      f.clock.advance(2);
      expect((await joe()).subject).to.equal('joe');
    });
  });
});
