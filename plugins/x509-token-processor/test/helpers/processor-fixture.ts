/**
 * A processor created the way the kernel creates it: config validated by a strict ajv with `useDefaults`,
 * a `ManualClock` at {@link NOW}, a `RecordingLogger`, a `MemoryStateStore` on that clock (the message replay
 * cache), and trust-anchor PEM files in a temp dir.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FailedAuthenticationError, isStsError, MemoryStateStore, type ProcessedToken, type TokenProcessor } from '@sts/sdk';
import { createTestInstance, ManualClock, RecordingLogger } from '@sts/sdk/testing';
import plugin from '../../src/index.js';
import { NOW, testPki, type TestCertificate } from './test-pki.js';

export interface Fixture {
  readonly processor: TokenProcessor;
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly stateStore: MemoryStateStore;
  readonly dir: string;
}

const directories: string[] = [];

/** A fresh temp dir, removed by {@link removeFixtures}. */
export async function temporaryDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'x509-token-processor-'));
  directories.push(dir);
  return dir;
}

/** Writes each certificate to its own PEM file and returns the paths. */
export async function writeAnchors(dir: string, anchors: readonly TestCertificate[]): Promise<string[]> {
  return await Promise.all(
    anchors.map(async (anchor, i) => {
      const file = join(dir, `anchor-${i}.pem`);
      await writeFile(file, anchor.pem);
      return file;
    }),
  );
}

/** A processor trusting `anchors` (default: the test CA) with `config` on top. */
export async function createFixture(config: Record<string, unknown> = {}, anchors?: readonly TestCertificate[]): Promise<Fixture> {
  const pki = await testPki();
  const dir = await temporaryDirectory();
  const trustAnchors = await writeAnchors(dir, anchors ?? [pki.ca]);
  const clock = new ManualClock(NOW);
  const logger = new RecordingLogger();
  const stateStore = new MemoryStateStore(clock);
  const processor = await createTestInstance(plugin, { clock, logger, stateStore }, { config: { trustAnchors, ...config }, logger });
  return { processor, clock, logger, stateStore, dir };
}

export async function removeFixtures(): Promise<void> {
  await Promise.all(directories.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/**
 * Asserts that `promise` rejects with FailedAuthenticationError (standard reason on the wire) whose log
 * message matches, so nothing was accepted.
 */
export async function expectRefused(promise: Promise<ProcessedToken>, message: RegExp): Promise<void> {
  const error = await promise.then(
    (result) => expect.fail(`the token was accepted as ${JSON.stringify(result.subject)}`),
    (err: unknown) => err,
  );
  expect(error).to.be.instanceOf(FailedAuthenticationError);
  expect(isStsError(error) && error.reason).to.equal('Authentication failed');
  expect((error as Error).message).to.match(message);
}
