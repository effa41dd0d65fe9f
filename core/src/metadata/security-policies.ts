/**
 * The WS-SecurityPolicy 1.2 policy of each kind of port, as a `wsp:Policy` (WS-Policy 2004/09, the version
 * MSAL's mex.py and WCF read) that a binding references by `wsu:Id`. Every port is "mixed": TLS protects the
 * message (sp:TransportBinding, section 7.3) and the credential travels in the Security header as a
 * supporting token (section 8):
 * - username: sp:SignedEncryptedSupportingTokens/sp:UsernameToken/sp:WssUsernameToken10, the path MSAL
 *   looks for (`wsp:Policy/wsp:ExactlyOne/wsp:All/...`), with the TransportBinding beside it;
 * - certificate: sp:EndorsingSupportingTokens/sp:X509Token/sp:WssX509V3Token10 (the request is signed with
 *   the certificate's key);
 * - issued-token: sp:SignedSupportingTokens/sp:IssuedToken, a SAML token from an IdP partner, bearer.
 * The 2005 ports carry the same SP 1.2 assertions: MSAL accepts them for either action, and the schema kit
 * validates them (AD FS writes the pre-OASIS 2005/07 namespace there, which MSAL also reads).
 */
import { el, NS, type XmlNode } from '@sts/sdk/xml';
import { MD } from './metadata-namespaces.js';
import type { PortCredential, PortTrustVersion, StsPort } from './sts-ports.js';

const CREDENTIAL_NAME: Readonly<Record<PortCredential, string>> = { username: 'UserName', certificate: 'Certificate', 'issued-token': 'IssuedToken' };
const TRUST_NAME: Readonly<Record<PortTrustVersion, string>> = { '13': 'IWSTrust13', '2005': 'IWSTrustFeb2005' };

/** The binding name of a port, AD FS style (`UserNameWSTrustBinding_IWSTrust13Async` there). */
export function bindingName(port: Pick<StsPort, 'credential' | 'trust'>): string {
  return `${CREDENTIAL_NAME[port.credential]}WSTrustBinding_${TRUST_NAME[port.trust]}Sync`;
}

/** The wsu:Id of a port's policy; both SOAP versions of a binding reference the same one. */
export function policyId(port: Pick<StsPort, 'credential' | 'trust'>): string {
  return `${bindingName(port)}_policy`;
}

const policy = (children: readonly (XmlNode | null)[]): XmlNode => el('wsp:Policy', {}, children);

/** sp:TransportBinding (section 7.3): HTTPS, Basic256, strict layout, a Timestamp in every request. */
function transportBinding(): XmlNode {
  return el('sp:TransportBinding', {}, [
    policy([
      el('sp:TransportToken', {}, [policy([el('sp:HttpsToken', {}, [policy([])])])]),
      el('sp:AlgorithmSuite', {}, [policy([el('sp:Basic256')])]),
      el('sp:Layout', {}, [policy([el('sp:Strict')])]),
      el('sp:IncludeTimestamp'),
    ]),
  ]);
}

/** The supporting token of each credential (section 8). */
const SUPPORTING_TOKENS: Readonly<Record<PortCredential, () => XmlNode>> = {
  username: () =>
    el('sp:SignedEncryptedSupportingTokens', {}, [
      policy([el('sp:UsernameToken', { 'sp:IncludeToken': MD.includeAlwaysToRecipient }, [policy([el('sp:WssUsernameToken10')])])]),
    ]),
  certificate: () =>
    el('sp:EndorsingSupportingTokens', {}, [
      policy([el('sp:X509Token', { 'sp:IncludeToken': MD.includeAlwaysToRecipient }, [policy([el('sp:WssX509V3Token10')])])]),
    ]),
  'issued-token': () =>
    el('sp:SignedSupportingTokens', {}, [
      policy([
        el('sp:IssuedToken', { 'sp:IncludeToken': MD.includeAlwaysToRecipient }, [
          el('sp:RequestSecurityTokenTemplate', {}, [el('wst:KeyType', {}, [`${NS.wst13}/Bearer`])]),
          policy([el('sp:RequireInternalReference')]),
        ]),
      ]),
    ]),
};

/** The policy a port's binding references. */
export function portPolicy(port: Pick<StsPort, 'credential' | 'trust'>): XmlNode {
  return el('wsp:Policy', { 'wsu:Id': policyId(port) }, [
    el('wsp:ExactlyOne', {}, [
      el('wsp:All', {}, [
        transportBinding(),
        SUPPORTING_TOKENS[port.credential](),
        el('sp:Wss11', {}, [policy([])]),
        port.trust === '13' ? el('sp:Trust13', {}, [policy([el('sp:MustSupportIssuedTokens')])]) : null,
        el('wsaw:UsingAddressing'),
      ]),
    ]),
  ]);
}
