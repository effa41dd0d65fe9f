/**
 * One `sts` sub-command: its usage line, its help and what it runs. Commands are kept in a map by name
 * (see commands.ts), so adding one is adding an entry.
 */
export interface CliCommand {
  /** e.g. `config check [--config FILE] [--plugins FILE]` */
  readonly usage: string;
  readonly summary: string;
  /** Runs with the arguments after the command's name; resolves to the exit code. */
  run(args: readonly string[]): Promise<number>;
}

/** A wrong argument: the CLI prints the message and the command's usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
