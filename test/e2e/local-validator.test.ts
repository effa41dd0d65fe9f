import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIssueRequest, createLocalValidator, jwtSecurityToken, StsClient } from '@sts/sdk/client';
import { InvalidSecurityTokenError, TokenType } from '@sts/sdk';
import { ManualClock } from '@sts/sdk/testing';
import samlProcessor from '@sts/saml-token-processor';
import jwtProcessor from '@sts/jwt-token-processor';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { stsCertificatePem } from '../helpers/external-tools.js';
import { tempDir } from '../helpers/paths.js';

/** The request a web service client sends to the provider, carrying the token it got from the STS. */
function serviceRequest(token: string): string {
  return buildIssueRequest({ endpoint: 'https://sp.example.com/service', appliesTo: 'urn:example:sp', credential: { kind: 'token', xml: token } }).body;
}

describe('client SDK: a web service provider validates tokens locally against the STS certificate', () => {
  let t: TestSts;
  let certificatePem: string;
  before(async () => {
    t = await startTestSts();
    certificatePem = await stsCertificatePem(t);
  });
  after(() => t.close());

  const issue = (tokenType: string) =>
    new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate', tokenType });

  for (const tokenType of [TokenType.Saml20, TokenType.Saml11]) {
    it(`accepts a ${tokenType} assertion the STS issued for it, and refuses a tampered one and another audience`, async () => {
      const r = await issue(tokenType);
      if (!r.ok) throw new Error('not issued');
      const clock = new ManualClock(t.clock.now());
      const validator = await createLocalValidator({ processor: samlProcessor, audience: 'urn:example:sp', trustedIssuers: [{ issuer: 'urn:example:sts', certificatePem }], clock });
      const result = await validator.validate(serviceRequest(r.token));
      expect(result.subject).to.equal('joe');
      expect(result.attributes['mail']).to.deep.equal(['joe@example.com']);
      await validator.validate(serviceRequest(r.token)).then(() => expect.fail('replayed'), (e: Error) => expect(e).to.be.instanceOf(InvalidSecurityTokenError));
      const fresh = await issue(tokenType);
      if (!fresh.ok) throw new Error('not issued');
      const tampered = fresh.token.replace('joe@example.com', 'eve@example.com');
      await validator.validate(serviceRequest(tampered)).then(() => expect.fail('accepted a tampered token'), (e: Error) => expect(e).to.be.instanceOf(InvalidSecurityTokenError));
      const elsewhere = await createLocalValidator({ processor: samlProcessor, audience: 'urn:example:other', trustedIssuers: [{ issuer: 'urn:example:sts', certificatePem }], clock });
      await elsewhere.validate(serviceRequest(fresh.token)).then(() => expect.fail('accepted for another audience'), (e: Error) => expect(e).to.be.instanceOf(InvalidSecurityTokenError));
    });
  }

  it('accepts a JWT the STS issued for it with the JWT processor and the STS JWKS, and refuses a tampered one', async () => {
    const r = await issue(TokenType.Jwt);
    if (!r.ok) throw new Error('not issued');
    const jwksFile = join(tempDir('jwks'), 'sts-jwks.json');
    writeFileSync(jwksFile, await (await fetch(`${t.base}/.well-known/jwks.json`)).text());
    const validator = await createLocalValidator({
      processor: jwtProcessor,
      audience: 'urn:example:sp',
      trustedIssuers: [],
      config: { issuers: [{ issuer: 'urn:example:sts', jwksFile, algorithms: ['RS256'] }] },
      clock: new ManualClock(t.clock.now()),
    });
    const result = await validator.validate(serviceRequest(jwtSecurityToken(r.tokenValue!)));
    expect(result.subject).to.equal('joe');
    const [h, p, sig] = r.tokenValue!.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.sub = 'admin';
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    await validator.validate(serviceRequest(jwtSecurityToken(forged))).then(() => expect.fail('accepted a forged JWT'), (e: Error) => expect(e).to.be.instanceOf(InvalidSecurityTokenError));
  });
});
