/**
 * The state backends several STS instances can share (a SQLite file, a real Redis), as `state` config sections
 * with what to clean up afterwards: the shared-state tests run each scenario once per backend.
 */
import { testRedisUrl, uniqueKeyPrefix } from './redis-server.js';
import { sqliteFolder } from './state-config.js';

export interface SharedBackend {
  readonly name: string;
  state(): Promise<{ state: Record<string, unknown>; cleanup(): void }>;
}

export const SHARED_BACKENDS: readonly SharedBackend[] = [
  {
    name: 'SQLite file',
    async state() {
      const folder = sqliteFolder();
      return { state: { backend: 'sqlite', sqlite: { file: folder.file } }, cleanup: folder.remove };
    },
  },
  {
    name: 'Redis',
    async state() {
      return { state: { backend: 'redis', redis: { url: await testRedisUrl(), keyPrefix: uniqueKeyPrefix() } }, cleanup: () => undefined };
    },
  },
];
