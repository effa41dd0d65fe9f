/**
 * Request bodies for the load generator, built before the clock starts so the client's cost per request
 * stays far below the server's:
 *
 * - `freshMessageIds(built)`: one envelope built by the SDK, re-sent with a new wsa:MessageID each time (the
 *   STS accepts a MessageID once). Only for requests whose credential may be re-sent: a nonce-less
 *   PasswordText, a JWT without `jti`, or no credential (a status Validate); the Timestamp stays valid for the
 *   five minutes the SDK gives it.
 * - `x509RequestPool(count, options)`: distinct X.509-signed requests (the signature covers the MessageID and
 *   the Timestamp, and the STS refuses a replayed signed message), signed beforehand on every core by child
 *   processes (written when the SDK's parser was libxmljs2, which cannot be loaded in a worker thread as well). `next()` returns undefined when the pool is used up.
 */
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildIssueRequest } from '@sts/sdk/client';

/** @param {{ body: string, messageId: string }} built @returns {() => string} */
export function freshMessageIds(built) {
  const at = built.body.indexOf(built.messageId);
  if (at < 0) throw new Error('the MessageID is not in the body');
  const [before, after] = [built.body.slice(0, at), built.body.slice(at + built.messageId.length)];
  // A UUID whose last 12 hex digits count up: distinct, well-formed, and one string concatenation per request.
  const prefix = `urn:uuid:${randomUUID().slice(0, 24)}`;
  let n = 0;
  return () => before + prefix + (n++).toString(16).padStart(12, '0') + after;
}

/**
 * @param {number} count
 * @param {{ endpoint: string, appliesTo: string, tokenType?: string, certificatePem: string, privateKeyPem: string }} options
 * @returns {Promise<{ contentType: string, size: number, next: () => string | undefined }>}
 */
export async function x509RequestPool(count, options) {
  const threads = availableParallelism();
  const shares = Array.from({ length: threads }, (_, i) => Math.floor(count / threads) + (i < count % threads ? 1 : 0));
  const parts = await Promise.all(shares.map((share) => new Promise((ok, fail) => {
    const child = fork(fileURLToPath(import.meta.url), ['--sign-requests'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (part) => {
      ok(part);
      child.disconnect();
    });
    child.once('error', fail);
    child.once('exit', (code) => code !== 0 && fail(new Error(`the signing process exited with ${code}`)));
    child.send({ share, options });
  })));
  const bodies = parts.flatMap((p) => p.bodies);
  let i = 0;
  return { contentType: parts[0].contentType, size: bodies.length, next: () => bodies[i++] };
}

function signRequests({ share, options }) {
  const { endpoint, appliesTo, tokenType, certificatePem, privateKeyPem } = options;
  const bodies = [];
  let contentType = '';
  for (let i = 0; i < share; i++) {
    const built = buildIssueRequest({ endpoint, appliesTo, tokenType, soapVersion: '1.2', trustVersion: '1.3', credential: { kind: 'x509', certificatePem, privateKeyPem } });
    bodies.push(built.body);
    contentType = built.contentType;
  }
  return { bodies, contentType };
}

if (process.argv[2] === '--sign-requests') process.once('message', (job) => process.send(signRequests(job)));
