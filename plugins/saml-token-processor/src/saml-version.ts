/**
 * The two SAML versions this processor reads, and what differs between them for the checks that happen before
 * the signed bytes are read: the namespace, the ID attribute the Reference points at, where the issuer and the
 * signature sit.
 *
 * - SAML 2.0 (SAML core 2.0 section 2.3.3): `ID`; `saml:Issuer` is the first child and `ds:Signature` follows it.
 * - SAML 1.1 (SAML 1.1 core section 2.3.2): `AssertionID`; the issuer is the `Issuer` attribute and
 *   `ds:Signature` is the last child.
 */
import { TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';

/** One SAML version's vocabulary. */
export interface SamlVersion {
  readonly name: '2.0' | '1.1';
  readonly namespaceUri: string;
  readonly idAttribute: 'ID' | 'AssertionID';
  /** Confirmation method URIs (SAML profiles 2.0 section 3; SAML 1.1 bindings and profiles section 5.1). */
  readonly methods: { readonly bearer: string; readonly holderOfKey: string; readonly senderVouches: string };
}

export const SAML20: SamlVersion = Object.freeze({
  name: '2.0',
  namespaceUri: NS.saml2,
  idAttribute: 'ID',
  methods: Object.freeze({
    bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
    holderOfKey: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key',
    senderVouches: 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches',
  }),
});

export const SAML11: SamlVersion = Object.freeze({
  name: '1.1',
  namespaceUri: NS.saml1,
  idAttribute: 'AssertionID',
  methods: Object.freeze({
    bearer: 'urn:oasis:names:tc:SAML:1.0:cm:bearer',
    holderOfKey: 'urn:oasis:names:tc:SAML:1.0:cm:holder-of-key',
    senderVouches: 'urn:oasis:names:tc:SAML:1.0:cm:sender-vouches',
  }),
});

/**
 * The version a token type selects: both URIs of each version (the SAML namespace URI and the WSS SAML Token
 * Profile 1.1 URI). Undefined for anything else, which the processor refuses rather than guess.
 */
export function samlVersionFor(tokenType: string): SamlVersion | undefined {
  switch (tokenType) {
    case TokenType.Saml20:
    case TokenType.Saml20Profile:
      return SAML20;
    case TokenType.Saml11:
    case TokenType.Saml11Profile:
      return SAML11;
    default:
      return undefined;
  }
}
