/**
 * Runs demo/try.mjs as a child process, asynchronously (an in-process test STS must keep answering meanwhile),
 * without the caller's STS_URL and STS_PORT unless the test sets them.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** What a run printed and how it ended. */
export interface TryScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function tryScript(args: string[], env: Record<string, string> = {}): Promise<TryScriptRun> {
  const { STS_URL: _url, STS_PORT: _port, ...inherited } = process.env;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'demo', 'try.mjs'), ...args], { cwd: REPO_ROOT, env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status, stdout, stderr })));
}
