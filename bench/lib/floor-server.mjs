/**
 * The floor servers of `bench/floors.mjs`: the same process model as the STS (node:cluster, one worker per core,
 * round-robin) answering a POST with as little as a stack can do, so that the STS's own cost per token can be
 * told apart from what Node, Koa, the XML front door, the state file and one RSA signature cost on this
 * machine. Modes (argv[2]), each doing what the one before does and more:
 *   http            node:http: read the body, answer a fixed 4 KB XML text
 *   koa             the same through Koa and @koa/router (the STS's HTTP stack)
 *   koa-sign        koa, plus one RSA-2048 PKCS#1 v1.5 SHA-256 signature per request, its base64 in the answer
 *   koa-xml-sign    koa-sign, plus the SDK's XML front door on the request: the byte gate and the strict parse
 *                   (libxml2-wasm, read into the SDK's tree), as the WS-Trust face runs them (DESIGN.md section 4
 *                   steps 2 and 3)
 *   koa-xml-sign-claim
 *                   koa-xml-sign, plus the request's MessageID claimed before the signature in the STS's SQLite
 *                   store (core's SqliteStateStore: one file shared by the workers, the primary checkpointing it
 *                   every 250 ms as the STS's does), the one state write every WS-Trust request with a credential
 *                   makes (DESIGN.md section 4 step 7)
 *   koa-xml-sign-claim-record
 *                   koa-xml-sign-claim, plus an issued-token record of the STS's size stored after the signature,
 *                   as for every token issued on the demo's `urn:example:sp` (`tokenLifecycle.store`)
 */
import cluster from 'node:cluster';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import { DEFAULT_XML_LIMITS, gateXmlBytes, parseStrictXml } from '@sts/sdk/xml';
import { readBody, workerExecArgv, workerMallocEnv } from '../../core/dist/index.js';
import { CHECKPOINT_INTERVAL_MS, SqliteCheckpointer } from '../../core/dist/state/sqlite-checkpointer.js';
import { SqliteStateStore } from '../../core/dist/state/sqlite-state-store.js';
import { FLOOR_MODES } from './floor-modes.mjs';

const ANSWER = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${'<x>RequestSecurityTokenResponse</x>'.repeat(110)}</s:Body></s:Envelope>`;
/* What the STS keeps per token for the demo SP (core/src/exchange/token-lifecycle.ts recordIssued), with the demo values. */
const RECORD = {
  state: 'active', connectionId: 'demo-sp', tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion', audience: 'urn:example:sp',
  subject: { name: 'joe', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
  attributes: { mail: ['joe@example.com'], givenName: ['Joe'], sn: ['Federate'], role: ['user'] },
  authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified', requester: { processor: 'jwt-in', subject: 'joe' },
  renewing: { allow: false, ok: false }, graceMinutes: 30,
};

const [mode, port, stateFile] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
if (!FLOOR_MODES.includes(mode)) throw new Error(`mode: one of ${FLOOR_MODES.join(', ')}`);

if (cluster.isPrimary) {
  let file;
  let checkpoints;
  if (mode.includes('-claim')) {
    const dir = mkdtempSync(join(tmpdir(), 'sts-floor-'));
    file = join(dir, 'state.sqlite');
    const checkpointer = new SqliteCheckpointer(file, { logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } } });
    checkpoints = setInterval(() => checkpointer.run(), CHECKPOINT_INTERVAL_MS);
    process.on('SIGTERM', () => {
      clearInterval(checkpoints);
      checkpointer.close();
      for (const worker of Object.values(cluster.workers)) worker.kill();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
  // The workers run with the STS workers' heap and malloc settings (core/src/process/run-primary.ts, supervisor.ts).
  cluster.setupPrimary({ args: [mode, String(port), ...(file ? [file] : [])], execArgv: workerExecArgv(process.execArgv, process.env) });
  let listening = 0;
  for (let i = 0; i < availableParallelism(); i++) {
    cluster.fork(workerMallocEnv(process.env)).on('listening', () => ++listening === availableParallelism() && console.log('floor listening'));
  }
} else if (mode === 'http') {
  createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
      res.end(ANSWER);
    });
  }).listen(port, '127.0.0.1');
} else {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signedInfo = Buffer.from(`<ds:SignedInfo>${'a digest of an assertion'.repeat(20)}</ds:SignedInfo>`);
  const parses = mode.includes('-xml-');
  const store = stateFile
    ? new SqliteStateStore({ file: stateFile, maxEntries: 1_000_000, busyTimeoutMs: 1000, clock: { now: () => new Date() }, checkpoints: 'external' })
    : undefined;
  const app = new Koa();
  const router = new Router();
  router.post('/idp/sts.wst', async (ctx) => {
    // Read as the STS reads a request body (core/src/http/read-body.ts), capped the same.
    const body = await readBody(ctx.req, DEFAULT_XML_LIMITS.maxBytes);
    let messageId;
    if (parses) {
      const text = gateXmlBytes(body, DEFAULT_XML_LIMITS);
      parseStrictXml(text);
      messageId = /MessageID>([^<]+)</.exec(text)?.[1];
    }
    if (store && !(await store.putIfAbsent('wsa-message-id', messageId, 300))) throw new Error(`MessageID ${messageId} seen`);
    const signature = mode === 'koa' ? '' : sign('sha256', signedInfo, privateKey).toString('base64');
    if (mode.endsWith('-record')) {
      const now = new Date();
      const tokenId = `_${randomBytes(16).toString('hex')}`;
      const record = { tokenId, ...RECORD, authnInstant: now.toISOString(), created: now.toISOString(), expires: new Date(now.getTime() + 3_600_000).toISOString(), digest: randomBytes(32).toString('base64') };
      if (!(await store.putRecord('issued-token', tokenId, JSON.stringify(record), 5400))) throw new Error('token ID taken');
    }
    ctx.type = 'application/soap+xml; charset=utf-8';
    ctx.body = signature + ANSWER;
  });
  app.use(router.routes());
  createServer(app.callback()).listen(port, '127.0.0.1');
}
