import { spawnSync } from 'node:child_process';

/** The exit status and combined output of a tool run. */
export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs an installed tool with an argument vector (no shell, so no value is ever interpolated into a command
 * line). A missing tool throws instead of looking like a failed check.
 */
export function runTool(command: string, args: readonly string[]): ToolResult {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
