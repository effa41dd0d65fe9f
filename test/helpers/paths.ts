/** Absolute paths the tests share. Compiled tests live in test/dist/<...>, so the root is found by walking up. */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'plugins.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = findRoot();
export const SHARED_XSD = resolve(REPO_ROOT, '..', 'shared', 'xsd', 'sts-all.xsd');
export const DEMO_USERS = join(REPO_ROOT, 'demo', 'users.json');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** A fresh folder inside the repository's git-ignored .sts-data (so that package names still resolve). */
export function tempDir(prefix: string): string {
  const base = join(REPO_ROOT, '.sts-data', 'test');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** One development key for the whole test run. */
export const TEST_KEYS_DIR = join(REPO_ROOT, '.sts-data', 'test-keys');
