/**
 * SAML 1.1 has no authentication context; `AuthenticationStatement/@AuthenticationMethod` takes one of the
 * identifiers of SAML 1.1 core section 7.1. The request carries a SAML 2.0 context class (SAML authn context
 * 2.0 section 3.4), so the generator translates it:
 *
 * - a class with a SAML 1.1 counterpart becomes that identifier (table below; X509, a key validated in an
 *   X.509 PKI, is `X509-PKI` (7.1.6), and TLSClient, a TLS client certificate, is `urn:ietf:rfc:2246` (7.1.5),
 *   the same pairs .NET's SamlConstants.AuthenticationMethods use);
 * - a value that already is a SAML 1.1 method identifier passes unchanged;
 * - anything else becomes `urn:oasis:names:tc:SAML:1.0:am:unspecified` (7.1.11), rather than a claim the
 *   STS cannot back.
 */

const AM = 'urn:oasis:names:tc:SAML:1.0:am:';
const AC = 'urn:oasis:names:tc:SAML:2.0:ac:classes:';

/** The SAML 1.1 authentication method identifiers (SAML 1.1 core section 7.1.1 to 7.1.11). */
const SAML11_METHODS: ReadonlySet<string> = new Set([
  `${AM}password`,
  'urn:ietf:rfc:1510',
  'urn:ietf:rfc:2945',
  `${AM}HardwareToken`,
  'urn:ietf:rfc:2246',
  `${AM}X509-PKI`,
  `${AM}PGP`,
  `${AM}SPKI`,
  `${AM}XKMS`,
  'urn:ietf:rfc:3075',
  `${AM}unspecified`,
]);

/** SAML 2.0 context class → SAML 1.1 method, for the classes that mean the same thing. */
const METHOD_BY_CLASS: ReadonlyMap<string, string> = new Map([
  [`${AC}Password`, `${AM}password`],
  [`${AC}PasswordProtectedTransport`, `${AM}password`],
  [`${AC}Kerberos`, 'urn:ietf:rfc:1510'],
  [`${AC}SecureRemotePassword`, 'urn:ietf:rfc:2945'],
  [`${AC}TLSClient`, 'urn:ietf:rfc:2246'],
  [`${AC}X509`, `${AM}X509-PKI`],
  [`${AC}PGP`, `${AM}PGP`],
  [`${AC}SPKI`, `${AM}SPKI`],
  [`${AC}XMLDSig`, 'urn:ietf:rfc:3075'],
]);

/** The `AuthenticationMethod` URI for the request's authentication context. */
export function authenticationMethod(authnContext: string): string {
  if (SAML11_METHODS.has(authnContext)) return authnContext;
  return METHOD_BY_CLASS.get(authnContext) ?? `${AM}unspecified`;
}
