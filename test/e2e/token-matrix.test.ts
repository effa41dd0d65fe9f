/**
 * Every processor-to-generator pair the demo profile enables, through the SDK client, each issued token
 * checked by a tool we did not write (xmlsec1 with the JWKS certificate for XML, jose with the JWKS for JWT).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { jwtSecurityToken, StsClient, type StsIssueRequest } from '@sts/sdk/client';
import { TokenType } from '@sts/sdk';
import { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from '@sts/core';
import { REPO_ROOT } from '../helpers/paths.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoIdpAssertion, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { pemFromX5c, xmlsecVerifyAssertion } from '../helpers/external-tools.js';

type Credential = Omit<StsIssueRequest, 'appliesTo' | 'tokenType'>;
const demoFile = (...p: string[]) => readFileSync(join(REPO_ROOT, 'demo', ...p), 'utf8');

const credentials: Record<string, (now: Date) => Promise<Credential>> = {
  username: async () => ({ username: 'joe', password: '2Federate' }),
  x509: async () => ({ x509: { certificatePem: demoFile('x509', 'demo-client.pem'), privateKeyPem: demoFile('x509', 'demo-client-key.pem') } }),
  'jwt-in': async (now) => ({ token: jwtSecurityToken(await demoIssuerJwt(now)) }),
  'saml-in': async (now) => ({ token: await demoIdpAssertion(now) }),
};

const pairs: { path: string; processor: string; tokenType: string; appliesTo: string; subject: string }[] = [
  ...['username', 'x509', 'jwt-in'].flatMap((processor) =>
    [TokenType.Saml20, TokenType.Saml11, TokenType.Jwt].map((tokenType) => ({
      path: IDP_STS_PATH, processor, tokenType, appliesTo: 'urn:example:sp',
      subject: processor === 'x509' ? 'CN=demo-client,OU=Clients,O=Example Demo,C=US' : 'joe',
    })),
  ),
  ...[TokenType.Saml20, TokenType.Jwt].map((tokenType) => ({ path: SP_STS_PATH, processor: 'saml-in', tokenType, appliesTo: 'urn:example:local-app', subject: 'alice' })),
  ...[TokenType.Saml20, TokenType.Saml11].map((tokenType) => ({ path: TOKEN_TRANSLATOR_PATH, processor: 'jwt-in', tokenType, appliesTo: 'urn:example:translated', subject: 'joe' })),
  { path: TOKEN_TRANSLATOR_PATH, processor: 'saml-in', tokenType: TokenType.Jwt, appliesTo: 'urn:example:translated', subject: 'alice' },
];

describe('e2e: the token matrix of the demo profile', () => {
  let t: TestSts;
  let jwks: JSONWebKeySet;
  let certificate: string;
  before(async () => {
    t = await startTestSts();
    jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    certificate = pemFromX5c((jwks.keys[0] as { x5c: string[] }).x5c[0]!);
  });
  after(() => t.close());

  for (const pair of pairs) {
    it(`${pair.path}: ${pair.processor} in, ${pair.tokenType} out`, async () => {
      const client = new StsClient({ endpoint: `${t.base}${pair.path}`, now: () => t.clock.now() });
      const r = await client.issue({ appliesTo: pair.appliesTo, tokenType: pair.tokenType, ...(await credentials[pair.processor]!(t.clock.now())) } as StsIssueRequest);
      if (!r.ok) throw new Error(JSON.stringify(r.fault));
      expect(r.tokenType).to.equal(pair.tokenType);
      if (pair.tokenType === TokenType.Jwt) {
        const { payload } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), { issuer: 'urn:example:sts', audience: pair.appliesTo, currentDate: t.clock.now() });
        expect(payload.sub).to.equal(pair.subject);
      } else {
        const saml = pair.tokenType === TokenType.Saml20 ? '2.0' : '1.1';
        const verified = xmlsecVerifyAssertion(r.token, certificate, saml);
        expect(verified.status, verified.output).to.equal(0);
        expect(r.token).to.include(`>${pair.subject}</saml:${saml === '2.0' ? 'NameID' : 'NameIdentifier'}>`);
        expect(r.token).to.include(pair.appliesTo);
      }
    });
  }
});
