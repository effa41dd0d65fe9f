import { expect } from 'chai';
import { InvalidSecurityTokenError } from '@sts/sdk';
import { claimsToProcessed } from '../src/claims-to-attributes.js';

/** The RFC 8693 section 4.1 `act` claim of a delegated access token (JWT or introspection answer). */
describe('oauth-bearer-processor: the act claim of a delegated access token', () => {
  it('becomes ProcessedToken.actor, not an attribute', () => {
    const processed = claimsToProcessed({ sub: 'joe', iss: 'https://as.example', act: { sub: 'service-a', iss: 'https://as.example' } });
    expect(processed.actor).to.deep.equal({ subject: 'service-a', issuer: 'https://as.example' });
    expect(processed.attributes).to.not.have.property('act');
  });

  it('is absent without act', () => {
    expect(claimsToProcessed({ sub: 'joe' }).actor).to.equal(undefined);
  });

  it('refuses an act that is not an actor object (InvalidSecurityToken)', () => {
    for (const act of ['service-a', { iss: 'x' }, [{ sub: 'a' }], null]) {
      expect(() => claimsToProcessed({ sub: 'joe', act })).to.throw(InvalidSecurityTokenError, /act claim/);
    }
  });
});
