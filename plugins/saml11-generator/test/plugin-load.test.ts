import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, PluginVerificationError } from '@sts/sdk/testing';
import { TokenType, type TokenGenerator } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('saml11-generator loads as the kernel loads it', () => {
  it('passes verifyPlugin() with an empty config, with defaults applied', async () => {
    const { definition, config } = await verifyPlugin({ packageDir });
    expect(definition.kind).to.equal('token-generator');
    expect(definition.tokenTypes).to.deep.equal([TokenType.Saml11, TokenType.Saml11Profile]);
    expect(config).to.deep.equal({ attributeNamespace: 'http://schemas.xmlsoap.org/claims', attributeNamespaces: {}, includeCertificate: true });
  });

  it('issues a signed assertion with the mock services', async () => {
    const { implementation } = await verifyPlugin({ packageDir, config: { attributeNamespaces: { role: 'urn:roles' } } });
    const now = new Date();
    const issued = await (implementation as TokenGenerator).issue({
      tokenType: TokenType.Saml11,
      appliesTo: 'https://sp.example.com/service',
      issuer: 'urn:test:sts',
      subject: { name: 'joe', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
      subjectConfirmation: 'bearer',
      attributes: { role: ['admin'] },
      authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      authnInstant: now,
      notBefore: now,
      notOnOrAfter: new Date(now.getTime() + 3_600_000),
      issuedAt: now,
      context: { requestId: 'req-1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: now },
    });
    expect(issued.xml).to.match(new RegExp(`^<saml:Assertion xmlns:saml="${NS.saml1}"`));
    expect(issued.xml).to.include('AttributeNamespace="urn:roles"').and.to.match(/<\/ds:Signature><\/saml:Assertion>$/);
  });

  it('is refused in the configure phase with an unknown config key', async () => {
    const error = await verifyPlugin({ packageDir, config: { includeCertificat: false } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('is refused in the create phase with a namespace XML cannot carry', async () => {
    const error = await verifyPlugin({ packageDir, config: { attributeNamespace: 'urn:a\u0000b' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'create');
  });
});
