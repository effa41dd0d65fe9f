#!/usr/bin/env node
/**
 * `sts-user`: maintains the users file of the UsernameToken processor.
 *
 *   sts-user add <username> --file <users.json> [--allow-digest] [--attr name=value]...
 *   sts-user list --file <users.json>
 *   sts-user remove <username> --file <users.json>
 *
 * - `add` reads the password from stdin, hashes it with scrypt, and creates the file (mode 0600) or replaces
 *   the user of that name. The write is atomic, so a running STS picks it up within seconds, never half-written.
 * - `--allow-digest` also stores the password in clear as `digestPassword`: PasswordDigest (UsernameToken
 *   Profile 1.0 section 3.1) can only be checked against the password itself.
 * - Exit codes: 0 done, 1 failed (bad file, no password), 2 bad arguments.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { hashPassword } from './password-hash.js';
import { readPassword } from './read-password.js';
import { readUsersFile, toUserRecords, writeUsersFile, type UsersFileData, type UsersFileEntry } from './users-file.js';

const USAGE = `usage:
  sts-user add <username> --file <users.json> [--allow-digest] [--attr name=value]...
      Adds or replaces a user; the password is read from stdin (one line).
  sts-user list --file <users.json>
      Prints the usernames, one per line.
  sts-user remove <username> --file <users.json>
      Removes a user (exit 1 when there is no such user).`;

/** Same limits as the users file schema and the processor's wsse:Username check. */
const USERNAME = /^[^\u0000-\u001f\u007f]{1,256}$/;
const MAX_PASSWORD_LENGTH = 1024;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError) && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true) throw err;
    process.stderr.write(`sts-user: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    if (parsed.command === 'list') await list(parsed.file);
    else if (parsed.command === 'remove') await remove(parsed.file, parsed.username);
    else await add(parsed.file, parsed.username, parsed.allowDigest, parsed.attributes);
    return 0;
  } catch (err) {
    process.stderr.write(`sts-user: ${(err as Error).message}\n`);
    return 1;
  }
}

type Command =
  | { command: 'list'; file: string }
  | { command: 'remove'; file: string; username: string }
  | { command: 'add'; file: string; username: string; allowDigest: boolean; attributes: Record<string, string[]> };

function parseCommand(argv: readonly string[]): Command {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string' },
      'allow-digest': { type: 'boolean' },
      attr: { type: 'string', multiple: true },
    },
  });
  const [command, ...rest] = positionals;
  if (command !== 'add' && command !== 'list' && command !== 'remove') {
    throw new UsageError(command === undefined ? 'no command' : `unknown command ${command}`);
  }
  if (!values.file) throw new UsageError('--file is required');
  if (command === 'list') {
    if (rest.length > 0 || values['allow-digest'] || values.attr) throw new UsageError('list takes only --file');
    return { command, file: values.file };
  }
  if (rest.length !== 1) throw new UsageError(`${command} takes exactly one username`);
  if (command === 'remove') {
    if (values['allow-digest'] || values.attr) throw new UsageError('remove takes only a username and --file');
    return { command, file: values.file, username: rest[0]! };
  }
  const username = rest[0]!;
  if (!USERNAME.test(username) || username.trim() === '') {
    throw new UsageError('the username must be 1 to 256 characters, not blank, without control characters');
  }
  return { command, file: values.file, username, allowDigest: values['allow-digest'] ?? false, attributes: parseAttributes(values.attr ?? []) };
}

function parseAttributes(pairs: readonly string[]): Record<string, string[]> {
  // No prototype: an attribute may be called "constructor" or "__proto__".
  const attributes: Record<string, string[]> = Object.create(null);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--attr must be name=value: ${pair}`);
    (attributes[pair.slice(0, eq)] ??= []).push(pair.slice(eq + 1));
  }
  return attributes;
}

async function add(file: string, username: string, allowDigest: boolean, attributes: Record<string, string[]>): Promise<void> {
  const data = await readOrCreate(file);
  const password = await readPassword();
  if (password === '') throw new Error('the password is empty');
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`the password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  const entry: UsersFileEntry = {
    username,
    password: await hashPassword(password),
    ...(allowDigest && { digestPassword: password }),
    attributes,
  };
  const index = data.users.findIndex((u) => u.username === username);
  if (index >= 0) data.users[index] = entry;
  else data.users.push(entry);
  await writeUsersFile(file, data);
  const names = Object.keys(attributes);
  process.stdout.write(
    `${index >= 0 ? 'replaced' : 'added'} user ${username} in ${file}` +
      ` (PasswordText${allowDigest ? ' and PasswordDigest' : ' only'}; attributes: ${names.length ? names.join(', ') : 'none'})\n`,
  );
  if (allowDigest) {
    process.stderr.write(`note: --allow-digest stores the password in clear text (digestPassword); protect ${file}\n`);
  }
}

async function remove(file: string, username: string): Promise<void> {
  const data = await readUsersFile(file);
  toUserRecords(data, file);
  const users = data.users.filter((u) => u.username !== username);
  if (users.length === data.users.length) throw new Error(`no user ${username} in ${file}`);
  await writeUsersFile(file, { ...data, users });
  process.stdout.write(`removed user ${username} from ${file}\n`);
}

async function list(file: string): Promise<void> {
  const data = await readUsersFile(file);
  toUserRecords(data, file);
  for (const user of data.users) process.stdout.write(`${user.username}\n`);
}

/** The validated file, or an empty one when it does not exist; a broken file is never overwritten. */
async function readOrCreate(file: string): Promise<UsersFileData> {
  const exists = await stat(file).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
  if (!exists) return { users: [] };
  const data = await readUsersFile(file);
  toUserRecords(data, file);
  return data;
}

process.exitCode = await main(process.argv.slice(2));
