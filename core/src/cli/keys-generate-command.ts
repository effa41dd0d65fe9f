/**
 * `sts keys generate`: an RSA signing key and a self-signed certificate as PEM files, and the config lines
 * that use them. It never overwrites a file. A self-signed certificate is fine for signing tokens when
 * partners pin it (they get it from the JWKS or metadata); a CA-issued one works the same way.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './common-options.js';

const OPTIONS = {
  out: { type: 'string' },
  kid: { type: 'string' },
  subject: { type: 'string' },
  days: { type: 'string' },
  bits: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const keysGenerateCommand: CliCommand = {
  usage: 'keys generate --out DIR [--kid KID] [--subject DN] [--days N] [--bits 2048|3072|4096]',
  summary: 'Generate a signing key and certificate (PEM) and print the keys.signing entry',
  async run(args) {
    const { values } = parseOptions(args, OPTIONS);
    if (!values.out) throw new UsageError('--out is required');
    const kid = values.kid ?? `sts-${new Date().toISOString().slice(0, 10)}`;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid)) throw new UsageError('--kid: 1 to 64 of A-Z a-z 0-9 . _ -');
    const days = values.days === undefined ? 730 : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError('--days: 1 to 3650');
    const bits = values.bits === undefined ? 3072 : Number(values.bits);
    if (![2048, 3072, 4096].includes(bits)) throw new UsageError('--bits: 2048, 3072 or 4096');
    const dir = resolve(values.out);
    const keyFile = join(dir, `${kid}-key.pem`);
    const certificateFile = join(dir, `${kid}-cert.pem`);
    for (const file of [keyFile, certificateFile]) {
      if (existsSync(file)) {
        process.stderr.write(`sts: ${file} exists: not overwriting it\n`);
        return 1;
      }
    }
    const { createSelfSignedKey } = await import('@sts/sdk/dev-keys');
    const key = await createSelfSignedKey({ kid, subject: values.subject ?? `CN=${kid}`, validDays: days, modulusLength: bits });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
    writeFileSync(certificateFile, key.certificatePem, { flag: 'wx' });
    process.stdout.write(`wrote ${keyFile} (mode 0600) and ${certificateFile}\nadd to keys.signing in the config:\n`);
    process.stdout.write(JSON.stringify({ kid, privateKeyFile: keyFile, certificateFile }, null, 2) + '\n');
    return 0;
  },
};
