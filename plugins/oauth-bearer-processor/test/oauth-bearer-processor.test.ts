import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSecurityTokenError, isStsError, ServerFailureError, TokenType, type ReceivedToken, type TokenProcessor } from '@sts/sdk';
import { createTestInstance, ManualClock, TEST_STS_IDENTITY } from '@sts/sdk/testing';
import definition from '../src/index.js';
import { AS_CLIENT, AS_ISSUER, startFakeAuthorizationServer, type FakeAuthorizationServer } from './helpers/fake-authorization-server.js';

const T0 = new Date('2026-12-01T10:00:00Z');
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const context = { requestId: 'r1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', receivedAt: T0 };

/** The token as the WS-Trust face hands it over: a BinarySecurityToken of PingFederate's value type, base64. */
function bst(token: string): ReceivedToken {
  const text = Buffer.from(token).toString('base64');
  return {
    tokenType: TokenType.ValidateBearer,
    valueType: TokenType.ValidateBearer,
    purpose: 'use',
    text,
    element: { namespaceUri: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd', localName: 'BinarySecurityToken', attributes: { ValueType: TokenType.ValidateBearer, EncodingType: BASE64_BINARY }, children: [], text } as never,
    context,
  };
}

/** The token as the OAuth face hands it over: a subject_token of the access-token type. */
const subjectToken = (token: string): ReceivedToken => ({ tokenType: TokenType.AccessToken, valueType: TokenType.AccessToken, purpose: 'use', text: token, context });

/** A private folder for the client-secret file, removed when `run` settles. */
async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sts-bearer-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  return p.then(() => expect.fail('accepted'), (e: Error) => e);
}

describe('oauth-bearer-processor', () => {
  let as: FakeAuthorizationServer;
  before(async () => {
    as = await startFakeAuthorizationServer();
  });
  after(() => as.close());

  describe('JWT access tokens (RFC 9068) against the AS JWKS', () => {
    let processor: TokenProcessor;
    before(async () => {
      processor = await createTestInstance(definition, { clock: new ManualClock(T0), stsIdentity: TEST_STS_IDENTITY }, { config: { jwt: { issuer: AS_ISSUER, jwksUrl: `${as.base}/jwks`, audiences: ['urn:example:sts'] } } });
    });

    it('accepts a valid access token as a base64 BinarySecurityToken and as a subject token, with its scope split', async () => {
      for (const token of [bst(await as.accessToken(T0)), subjectToken(await as.accessToken(T0))]) {
        const processed = await processor.process(token);
        expect(processed.subject).to.equal('joe');
        expect(processed.issuer).to.equal(AS_ISSUER);
        expect(processed.attributes['scope']).to.deep.equal(['read', 'write']);
        expect(processed.attributes['client_id']).to.deep.equal(['app']);
      }
    });

    const cases: [string, () => Promise<string>][] = [
      ['a JWT that is not typed at+jwt (an ID token or plain JWT)', () => as.accessToken(T0, { typ: 'JWT' })],
      ['another audience', () => as.accessToken(T0, { aud: 'urn:example:other' })],
      ['another issuer', () => as.accessToken(T0, { iss: 'https://evil.test' })],
      ['an expired token', () => as.accessToken(T0, { exp: Math.floor(T0.getTime() / 1000) - 120 })],
      ['a key the AS does not publish', () => as.accessToken(T0, { key: 'other' })],
      ['a tampered token', async () => { const [h, , s] = (await as.accessToken(T0)).split('.'); return [h, Buffer.from('{"sub":"admin"}').toString('base64url'), s].join('.'); }],
      ['junk', async () => 'not a token'],
    ];
    for (const [name, make] of cases) {
      it(`refuses ${name} (InvalidSecurityToken)`, async () => {
        expect(await refusal(processor.process(subjectToken(await make())))).to.be.instanceOf(InvalidSecurityTokenError);
      });
    }
  });

  describe('opaque tokens by RFC 7662 introspection', () => {
    const config = (secretFile: string, endpoint = `${as.base}/introspect`) => ({ introspection: { endpoint, clientId: AS_CLIENT.id, clientSecretFile: secretFile, timeoutSeconds: 2 } });
    const withProcessor = (secret: string, run: (p: TokenProcessor) => Promise<void>, endpoint?: string) =>
      withTempDir(async (dir) => {
        const file = join(dir, 'secret');
        writeFileSync(file, `${secret}\n`);
        await run(await createTestInstance(definition, { clock: new ManualClock(T0), stsIdentity: TEST_STS_IDENTITY }, { config: config(file, endpoint) }));
      });

    it('accepts a token the AS says is active, authenticating with client_secret_basic', async () => {
      as.active.set('opaque-1', { active: true, sub: 'joe', scope: 'read', client_id: 'app', exp: Math.floor(T0.getTime() / 1000) + 60 });
      await withProcessor(AS_CLIENT.secret, async (p) => {
        const processed = await p.process(bst('opaque-1'));
        expect(processed.subject).to.equal('joe');
        expect(processed.attributes['scope']).to.deep.equal(['read']);
        expect(as.calls.at(-1)).to.equal(`Basic ${Buffer.from('sts:sts-secret').toString('base64')}`);
      });
    });

    it('refuses a token the AS says is inactive, or active but expired, or active with a non-boolean flag', async () => {
      as.active.set('expired', { active: true, sub: 'joe', exp: Math.floor(T0.getTime() / 1000) - 120 });
      as.active.set('stringly', { active: 'true', sub: 'joe' });
      await withProcessor(AS_CLIENT.secret, async (p) => {
        for (const token of ['unknown', 'expired', 'stringly']) expect(await refusal(p.process(subjectToken(token))), token).to.be.instanceOf(InvalidSecurityTokenError);
      });
    });

    it('refuses when the AS refuses our client credentials, or cannot be reached (a server failure, never an accepted token)', async () => {
      as.active.set('opaque-2', { active: true, sub: 'joe' });
      await withProcessor('wrong-secret', async (p) => {
        const error = await refusal(p.process(subjectToken('opaque-2')));
        expect(isStsError(error) && error).to.be.instanceOf(ServerFailureError);
      });
      await withProcessor(AS_CLIENT.secret, async (p) => {
        expect(await refusal(p.process(subjectToken('opaque-2')))).to.be.instanceOf(ServerFailureError);
      }, 'http://127.0.0.1:9/introspect');
    });

    it('refuses at create() an endpoint that is plain http away from loopback', async () => {
      const error = await withTempDir(async (dir): Promise<Error | undefined> => {
        const file = join(dir, 'secret');
        writeFileSync(file, 'x');
        return createTestInstance(definition, { clock: new ManualClock(T0), stsIdentity: TEST_STS_IDENTITY }, { config: config(file, 'http://as.example.com/introspect') }).then(() => undefined, (e: Error) => e);
      });
      expect(error?.message).to.match(/https/);
    });
  });
});
