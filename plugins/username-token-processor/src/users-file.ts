/**
 * The users file: the embedded password credential validator's store.
 *
 * ```json
 * { "users": [ { "username": "joe", "password": "scrypt$16384$8$1$<salt>$<hash>",
 *                "digestPassword": "<plain text>", "attributes": { "mail": ["joe@example.com"] } } ] }
 * ```
 *
 * - Validated with a strict ajv schema: no unknown keys anywhere, so a typo ("digestpassword") fails loudly
 *   instead of silently disabling a setting.
 * - Every error names the file and the JSON Pointer of the offending value, never the value itself (it may
 *   be a password).
 * - `digestPassword` is the password in clear: PasswordDigest (UsernameToken Profile 1.0 section 3.1) can only
 *   be checked by recomputing SHA-1 over the password itself, so it is plaintext-equivalent. Only users that
 *   must use PasswordDigest should have one.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { Attributes } from '@sts/sdk';
import { parsePasswordHash, type PasswordHash } from './password-hash.js';

/** One user as written in the file. @public */
export interface UsersFileEntry {
  username: string;
  password: string;
  digestPassword?: string;
  attributes?: Record<string, string[]>;
}

/** The whole file. @public */
export interface UsersFileData {
  users: UsersFileEntry[];
}

/** One user, parsed and frozen, as the validator uses it. @public */
export interface UserRecord {
  readonly username: string;
  readonly passwordHash: PasswordHash;
  readonly digestPassword?: string;
  readonly attributes: Attributes;
}

/** Usernames are 1–256 characters without control characters (the processor's limit for wsse:Username). */
const USERNAME_PATTERN = '^[^\\u0000-\\u001f\\u007f]{1,256}$';

/** JSON Schema of the users file. @public */
export const usersFileSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['username', 'password'],
        properties: {
          username: { type: 'string', pattern: USERNAME_PATTERN },
          password: { type: 'string', pattern: '^scrypt\\$' },
          digestPassword: { type: 'string', minLength: 1 },
          attributes: {
            type: 'object',
            propertyNames: { type: 'string', minLength: 1 },
            additionalProperties: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
});

const validate = new Ajv({ strict: true, allErrors: true }).compile<UsersFileData>(usersFileSchema);

/** Parses and validates the file's text; throws an Error naming `file` and the JSON path. @public */
export function parseUsersFile(text: string, file: string): UsersFileData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`users file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!validate(data)) throw new Error(`users file ${file} is invalid: ${describe(validate.errors ?? [])}`);
  return data;
}

/** Turns validated data into frozen records keyed by username; throws on bad hashes and duplicates. @public */
export function toUserRecords(data: UsersFileData, file: string): ReadonlyMap<string, UserRecord> {
  const records = new Map<string, UserRecord>();
  const firstIndex = new Map<string, number>();
  data.users.forEach((entry, i) => {
    const first = firstIndex.get(entry.username);
    if (first !== undefined) {
      throw new Error(`users file ${file} is invalid: /users/${i}/username repeats the username at /users/${first}/username`);
    }
    firstIndex.set(entry.username, i);
    let passwordHash: PasswordHash;
    try {
      passwordHash = parsePasswordHash(entry.password);
    } catch (err) {
      throw new Error(`users file ${file} is invalid: /users/${i}/password ${(err as Error).message}`);
    }
    const attributes = Object.freeze(
      Object.fromEntries(Object.entries(entry.attributes ?? {}).map(([name, values]) => [name, Object.freeze([...values])])),
    );
    const record: UserRecord = entry.digestPassword === undefined
      ? { username: entry.username, passwordHash, attributes }
      : { username: entry.username, passwordHash, digestPassword: entry.digestPassword, attributes };
    records.set(entry.username, Object.freeze(record));
  });
  return records;
}

/** Reads, parses and validates a users file. @public */
export async function readUsersFile(file: string): Promise<UsersFileData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read users file ${file}: ${(err as Error).message}`);
  }
  return parseUsersFile(text, file);
}

/**
 * Writes the file atomically (temporary file + rename), so a running processor never reads half a file.
 * A new file gets mode 0600; an existing file keeps its mode.
 * @public
 */
export async function writeUsersFile(file: string, data: UsersFileData): Promise<void> {
  const mode = await stat(file).then((s) => s.mode & 0o777, () => 0o600);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode, flag: 'wx' });
    await rename(temporary, file);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}

function describe(errors: readonly ErrorObject[]): string {
  return errors
    .slice(0, 5)
    .map((e) => {
      const path = e.instancePath || '/';
      if (e.keyword === 'additionalProperties') {
        return `${path} has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      }
      if (e.keyword === 'pattern' && e.instancePath.endsWith('/password')) return `${path} is not an scrypt hash`;
      return `${path} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
