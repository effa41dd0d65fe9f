/**
 * A processor created the way the kernel creates it: config validated by a strict ajv with `useDefaults`,
 * a `ManualClock`, a `MemoryStateStore` on that clock, a `RecordingLogger`, and a users file in a temp dir
 * whose hashes come from the package's own `hashPassword`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FailedAuthenticationError, MemoryStateStore, isStsError, type TokenProcessor } from '@sts/sdk';
import { createTestInstance, ManualClock, RecordingLogger } from '@sts/sdk/testing';
import plugin from '../../src/index.js';
import { hashPassword } from '../../src/password-hash.js';
import type { UsersFileEntry } from '../../src/users-file.js';

export interface TestUser {
  readonly username: string;
  readonly password: string;
  readonly digest?: boolean;
  readonly attributes?: Record<string, string[]>;
}

export const JOE: TestUser = {
  username: 'joe',
  password: '2Federate',
  digest: true,
  attributes: { mail: ['joe@example.com'], role: ['user', 'tester'] },
};
/** A user without digestPassword: PasswordText only. */
export const ANN: TestUser = { username: 'ann', password: 'correct horse battery staple' };

export const START = new Date('2026-01-15T10:00:00.000Z');

export interface Fixture {
  readonly processor: TokenProcessor;
  readonly clock: ManualClock;
  readonly store: MemoryStateStore;
  readonly logger: RecordingLogger;
  readonly dir: string;
  readonly usersFile: string;
}

const directories: string[] = [];
const hashes = new Map<string, Promise<string>>();

/** Writes a users file for `users`; scrypt runs once per username/password in the whole test run. */
export async function writeUsersFile(file: string, users: readonly TestUser[]): Promise<void> {
  const entries: UsersFileEntry[] = [];
  for (const u of users) {
    const key = `${u.username}\u0000${u.password}`;
    if (!hashes.has(key)) hashes.set(key, hashPassword(u.password));
    entries.push({
      username: u.username,
      password: await hashes.get(key)!,
      ...(u.digest && { digestPassword: u.password }),
      attributes: u.attributes ?? {},
    });
  }
  await writeFile(file, JSON.stringify({ users: entries }), { mode: 0o600 });
}

/** A fresh temp dir, removed by {@link removeFixtures}. */
export async function temporaryDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'username-token-processor-'));
  directories.push(dir);
  return dir;
}

export async function createFixture(config: Record<string, unknown> = {}, users: readonly TestUser[] = [JOE, ANN]): Promise<Fixture> {
  const dir = await temporaryDirectory();
  const usersFile = join(dir, 'users.json');
  await writeUsersFile(usersFile, users);
  const clock = new ManualClock(START);
  const store = new MemoryStateStore(clock);
  const logger = new RecordingLogger();
  const processor = await createTestInstance(plugin, { clock, stateStore: store }, { config: { usersFile, ...config }, logger });
  return { processor, clock, store, logger, dir, usersFile };
}

export async function removeFixtures(): Promise<void> {
  await Promise.all(directories.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Asserts that `promise` rejects with FailedAuthenticationError whose log message matches. */
export async function expectRefused(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => expect.fail('the token was accepted'),
    (err: unknown) => err,
  );
  expect(error).to.be.instanceOf(FailedAuthenticationError);
  expect(isStsError(error) && error.reason).to.equal('Authentication failed');
  expect((error as Error).message).to.match(message);
}
