import { expect } from 'chai';
import { join } from 'node:path';
import { InvalidSecurityTokenError, TokenType } from '@sts/sdk';
import { exchangeInProcess, runGenerator, runProcessor } from '@sts/sdk/testing';
import { demoIssuerJwt } from '../../helpers/demo-tokens.js';
import { FIXTURES, REPO_ROOT } from '../../helpers/paths.js';

const ECHO = join(FIXTURES, 'plugins', 'echo-generator');
const JWT_IN = join(REPO_ROOT, 'plugins', 'jwt-token-processor');
const USERNAME = join(REPO_ROOT, 'plugins', 'username-token-processor');
const SAML20 = join(REPO_ROOT, 'plugins', 'saml20-generator');
const jwtInConfig = {
  audiences: ['urn:example:sts'],
  issuers: [{ issuer: 'urn:example:jwt-issuer', jwksFile: join(REPO_ROOT, 'demo', 'jwt-issuer', 'jwks.json'), algorithms: ['RS256'] }],
};

describe('sdk/testing: a token through a plug-in package in-process (runProcessor, runGenerator, exchangeInProcess)', () => {
  it('runGenerator issues through the fixture plug-in with its config and the overridden request fields', async () => {
    const token = await runGenerator({ packageDir: ECHO, config: { prefix: 'hi' }, request: { appliesTo: 'urn:example:sp', subject: { name: 'alice', format: 'x' } } });
    expect(token).to.include({ tokenType: 'urn:example:token:echo', text: 'hi:alice:urn:example:sp' });
    expect(token.expires.getTime() - token.created.getTime()).to.equal(3_600_000);
  });

  it('runGenerator refuses a config the plug-in schema refuses, naming the configure phase', async () => {
    const error = await runGenerator({ packageDir: ECHO, config: { prefix: 7 } }).catch((e: unknown) => e);
    expect(error).to.have.property('phase', 'configure');
  });

  it('runProcessor validates a demo-issuer JWT with the in-repo JWT processor, given as text', async () => {
    const jwt = await demoIssuerJwt(new Date(), { email: 'joe@example.com' }, 'urn:example:sts');
    const processed = await runProcessor({ packageDir: JWT_IN, config: jwtInConfig, token: { text: jwt } });
    expect(processed.subject).to.equal('joe');
  });

  it('runProcessor passes on the processor\'s StsError for a tampered token', async () => {
    const jwt = await demoIssuerJwt(new Date(), {}, 'urn:example:sts');
    const [head, body, sig] = jwt.split('.');
    const tampered = `${head}.${body}.${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
    const error = await runProcessor({ packageDir: JWT_IN, config: jwtInConfig, token: { text: tampered } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidSecurityTokenError);
  });

  it('runProcessor parses a token given as XML the way the kernel does (UsernameToken against the demo users)', async () => {
    const xml =
      '<wsse:UsernameToken xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
      '<wsse:Username>joe</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">2Federate</wsse:Password>' +
      '</wsse:UsernameToken>';
    const config = { usersFile: join(REPO_ROOT, 'demo', 'users.json') };
    expect((await runProcessor({ packageDir: USERNAME, config, token: { xml } })).subject).to.equal('joe');
    const wrong = xml.replace('2Federate', 'wrong');
    const error = await runProcessor({ packageDir: USERNAME, config, token: { xml: wrong } }).catch((e: unknown) => e);
    expect(error).to.have.property('faultCode', 'FailedAuthentication');
  });

  it('exchangeInProcess turns a demo-issuer JWT into a SAML 2.0 assertion for the JWT\'s subject', async () => {
    const jwt = await demoIssuerJwt(new Date(), {}, 'urn:example:sts');
    const { processed, issued } = await exchangeInProcess({
      processor: { packageDir: JWT_IN, config: jwtInConfig },
      generator: { packageDir: SAML20 },
      token: { text: jwt },
      request: { tokenType: TokenType.Saml20 },
    });
    expect(processed.subject).to.equal('joe');
    expect(issued.tokenType).to.equal(TokenType.Saml20);
    expect(issued.xml).to.match(/<saml:NameID[^>]*>joe<\/saml:NameID>/);
  });
});
