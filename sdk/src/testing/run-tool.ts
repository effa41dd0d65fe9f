/**
 * `runTool()`: runs an installed command-line tool (xmllint, xmlsec1, openssl) for a check by software we did
 * not write.
 * @public
 */
import { spawnSync } from 'node:child_process';

/** The exit status and combined output (stdout, then stderr) of a tool run. @public */
export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs `command` with an argument vector and no shell, so that no value is ever interpolated into a command
 * line; gives up after 20 seconds. A tool that cannot be started throws instead of looking like a failed check.
 * @public
 */
export function runTool(command: string, args: readonly string[]): ToolResult {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
