/**
 * A `state` config section with the schema's defaults applied, as boot gets it, and the stores built
 * from it for the state tests.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createStateStore, parseKernelConfig, type BoundedStateStore, type CreateStateStoreOptions, type StateConfig } from '@sts/core';
import { expect } from 'chai';
import { StateStoreError } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { tempDir } from './paths.js';

export function stateConfig(state: Record<string, unknown>): StateConfig {
  return parseKernelConfig({ issuer: { entityId: 'urn:example:sts' }, state }, 'test-config.json').state;
}

export interface StoreUnderTest {
  readonly store: BoundedStateStore;
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  close(): Promise<void>;
}

/** A store from a state section; `cleanup` runs after it is closed (a temp folder to remove). */
export function storeUnderTest(
  state: Record<string, unknown>,
  cleanup: () => void = () => undefined,
  options: Pick<CreateStateStoreOptions, 'sqliteCheckpoints'> = {},
): StoreUnderTest {
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const store = createStateStore(stateConfig(state), { clock, logger, ...options });
  return {
    store,
    clock,
    logger,
    async close() {
      await store.close();
      cleanup();
    },
  };
}

/** A fresh folder for a SQLite file, and the function that removes it. */
export function sqliteFolder(): { readonly file: string; remove(): void } {
  const dir = tempDir('state');
  return { file: join(dir, 'state.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The StateStoreError a store operation is refused with; fails the test when it succeeds. */
export async function stateRefusal(promise: Promise<unknown>): Promise<StateStoreError> {
  return promise.then(
    (value) => expect.fail(`expected a refusal, got ${JSON.stringify(value)}`),
    (error: unknown) => {
      expect(error).to.be.instanceOf(StateStoreError);
      return error as StateStoreError;
    },
  );
}
