/**
 * `sts client-secret`: the scrypt hash of a client secret for `oauth.clients[].secretHash` (OAuth) or
 * `clientAuthentication.clients[].secretHash` (WS-Trust). The
 * secret is read from standard input, never from the command line, where other users of the machine could
 * see it in the process list.
 */
import { hashSecret } from '../http/client-secret-hash.js';
import { UsageError, type CliCommand } from './cli-command.js';

export const clientSecretCommand: CliCommand = {
  usage: 'client-secret   (the secret on standard input: printf %s "$SECRET" | sts client-secret)',
  summary: 'Print the scrypt hash of a client secret, for oauth.clients[].secretHash or clientAuthentication.clients[].secretHash',
  async run(args) {
    if (args.length > 0) throw new UsageError('client-secret takes no arguments: pass the secret on standard input');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const secret = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (secret.length < 8) throw new UsageError('the secret on standard input is shorter than 8 characters');
    process.stdout.write(`${await hashSecret(secret)}\n`);
    return 0;
  },
};
