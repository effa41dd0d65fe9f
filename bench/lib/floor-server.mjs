/**
 * The floor servers of `bench/floors.mjs`: the same process model as the STS (node:cluster, one worker per core,
 * round-robin) answering a POST with as little as a stack can do, so that the STS's own cost per token can be
 * told apart from what Node, Koa and one RSA signature cost on this machine. Modes (argv[2]):
 *   http       node:http: read the body, answer a fixed 4 KB XML text
 *   koa        the same through Koa and @koa/router (the STS's HTTP stack)
 *   koa-sign   koa, plus one RSA-2048 PKCS#1 v1.5 SHA-256 signature per request, its base64 in the answer
 */
import cluster from 'node:cluster';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import Koa from 'koa';
import Router from '@koa/router';

const [mode, port] = [process.argv[2], Number(process.argv[3])];
const ANSWER = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${'<x>RequestSecurityTokenResponse</x>'.repeat(110)}</s:Body></s:Envelope>`;

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < availableParallelism(); i++) {
    cluster.fork().on('listening', () => ++listening === availableParallelism() && console.log('floor listening'));
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
  const app = new Koa();
  const router = new Router();
  router.post('/idp/sts.wst', async (ctx) => {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const signature = mode === 'koa-sign' ? sign('sha256', signedInfo, privateKey).toString('base64') : '';
    ctx.type = 'application/soap+xml; charset=utf-8';
    ctx.body = signature + ANSWER;
  });
  app.use(router.routes());
  createServer(app.callback()).listen(port, '127.0.0.1');
}
