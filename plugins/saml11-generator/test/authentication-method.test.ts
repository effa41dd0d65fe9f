import { expect } from 'chai';
import { authenticationMethod } from '../src/authentication-method.js';

const AC = 'urn:oasis:names:tc:SAML:2.0:ac:classes:';
const AM = 'urn:oasis:names:tc:SAML:1.0:am:';

describe('authenticationMethod', () => {
  for (const [contextClass, method] of [
    ['Password', `${AM}password`],
    ['PasswordProtectedTransport', `${AM}password`],
    ['Kerberos', 'urn:ietf:rfc:1510'],
    ['SecureRemotePassword', 'urn:ietf:rfc:2945'],
    ['TLSClient', 'urn:ietf:rfc:2246'],
    ['X509', `${AM}X509-PKI`],
    ['PGP', `${AM}PGP`],
    ['SPKI', `${AM}SPKI`],
    ['XMLDSig', 'urn:ietf:rfc:3075'],
    ['unspecified', `${AM}unspecified`],
  ] as const) {
    it(`maps the SAML 2.0 class ${contextClass} to ${method}`, () => {
      expect(authenticationMethod(`${AC}${contextClass}`)).to.equal(method);
    });
  }

  it('passes a SAML 1.1 method identifier through unchanged', () => {
    for (const method of [`${AM}password`, `${AM}HardwareToken`, `${AM}XKMS`, 'urn:ietf:rfc:2246', `${AM}unspecified`]) {
      expect(authenticationMethod(method)).to.equal(method);
    }
  });

  it('answers unspecified for a class without a SAML 1.1 counterpart or an unknown value', () => {
    for (const context of [`${AC}PreviousSession`, `${AC}Smartcard`, `${AC}password`, 'urn:example:mfa', '', `${AM}Password`]) {
      expect(authenticationMethod(context), context).to.equal(`${AM}unspecified`);
    }
  });
});
