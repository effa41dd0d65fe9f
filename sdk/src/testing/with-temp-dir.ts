/**
 * `withTempDir()`: a private folder of input files for a tool that reads files.
 * @public
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes `files` (name to content) into a fresh temporary folder, runs `run` with the folder's path, and removes
 * the folder however `run` ends. A folder per call keeps parallel runs apart.
 * @public
 */
export function withTempDir<T>(files: Readonly<Record<string, string>>, run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sts-test-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
