/**
 * The discovery that MSAL Python's `msal/mex.py` performs on a MEX document, restated in TypeScript for the
 * golden tests (read from AzureAD/microsoft-authentication-library-for-python; not its code). Its
 * assumptions, each of which our document must meet:
 * - the document's root is `wsdl:definitions`: policies, bindings and the service are found as its children;
 * - a username/password policy is a top-level `wsp:Policy` (WS-Policy 2004/09) with
 *   `wsp:ExactlyOne/wsp:All/sp:SignedEncryptedSupportingTokens/wsp:Policy/sp:UsernameToken/wsp:Policy/sp:WssUsernameToken10`
 *   (SP 1.2), or the SP 2005/07 `SignedSupportingTokens` twin, and a `sp:TransportBinding` somewhere below
 *   it; it is named by `#` + its `wsu:Id`;
 * - EVERY `wsdl:binding` has a `soap12:binding` child (mex.py reads its `transport` attribute unguarded, so
 *   one SOAP 1.1 binding makes it fail); only transport `http://schemas.xmlsoap.org/soap/http` counts; the
 *   binding's action is the `soapAction` of its first `wsdl:operation/soap12:operation`; its policy is its
 *   `wsp:PolicyReference/@URI`;
 * - a port counts when its binding (the part of `@binding` after the last colon) references such a policy
 *   and its `wsa:EndpointReference/wsa:Address` starts with https://;
 * - the WS-Trust 1.3 action is preferred over 2005.
 */
import type { Element } from 'libxmljs2';
import { xpathDocument } from './elements-named.js';

const NS = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  sp: 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
  sp2005: 'http://schemas.xmlsoap.org/ws/2005/07/securitypolicy',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsa10: 'http://www.w3.org/2005/08/addressing',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
};

export const MSAL_ACTION_13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';
export const MSAL_ACTION_2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue';

export interface MsalEndpoint {
  readonly address: string;
  readonly action: string;
}

export class MsalMexError extends Error {}

/** Every username/password endpoint MSAL would consider, in document order. */
export function msalUsernameEndpoints(mexDocument: string): MsalEndpoint[] {
  const root = xpathDocument(mexDocument).root() as Element;
  if (root.namespace()?.href() !== NS.wsdl || root.name() !== 'definitions') throw new MsalMexError('the root is not wsdl:definitions');
  const policyIds = new Set<string>();
  const paths: [string, string][] = [
    ['wsp:ExactlyOne/wsp:All/sp:SignedEncryptedSupportingTokens/wsp:Policy/sp:UsernameToken/wsp:Policy/sp:WssUsernameToken10', './/sp:TransportBinding'],
    ['wsp:ExactlyOne/wsp:All/sp2005:SignedSupportingTokens/wsp:Policy/sp2005:UsernameToken/wsp:Policy/sp2005:WssUsernameToken10', './/sp2005:TransportBinding'],
  ];
  for (const [leaf, binding] of paths) {
    for (const policy of root.find(`wsp:Policy[${leaf}]`, NS) as Element[]) {
      if (policy.get(binding, NS)) policyIds.add(`#${attrNs(policy, 'Id', NS.wsu)}`);
    }
  }
  const bindings = new Map<string, { policyUri: string; action: string }>();
  for (const binding of root.find('wsdl:binding', NS) as Element[]) {
    const soap12 = binding.get('soap12:binding', NS) as Element | null;
    if (!soap12) throw new MsalMexError(`binding ${binding.attr('name')?.value()} has no soap12:binding (mex.py raises AttributeError here)`);
    if (soap12.attr('transport')?.value() !== 'http://schemas.xmlsoap.org/soap/http') continue;
    const operation = binding.get('wsdl:operation/soap12:operation', NS) as Element | null;
    if (!operation) throw new MsalMexError('binding without wsdl:operation/soap12:operation');
    const action = operation.attr('soapAction')?.value() ?? '';
    for (const ref of binding.find('wsp:PolicyReference', NS) as Element[]) {
      bindings.set(binding.attr('name')!.value(), { policyUri: ref.attr('URI')!.value(), action });
    }
  }
  const endpoints: MsalEndpoint[] = [];
  for (const port of root.find('wsdl:service/wsdl:port', NS) as Element[]) {
    const binding = bindings.get(port.attr('binding')!.value().split(':').pop()!);
    if (!binding || !policyIds.has(binding.policyUri)) continue;
    const address = port.get('wsa10:EndpointReference/wsa10:Address', NS) as Element | null;
    if (address && address.text().toLowerCase().startsWith('https://')) endpoints.push({ address: address.text(), action: binding.action });
  }
  return endpoints;
}

/** What `Mex.get_wstrust_username_password_endpoint()` returns: the 1.3 endpoint if any, else the first. */
export function msalPreferredEndpoint(mexDocument: string): MsalEndpoint | undefined {
  const endpoints = msalUsernameEndpoints(mexDocument);
  return endpoints.find((e) => e.action === MSAL_ACTION_13) ?? endpoints[0];
}

function attrNs(element: Element, name: string, ns: string): string | undefined {
  const attrs = (element as unknown as { attrs(): { name(): string; value(): string; namespace(): { href(): string } | null }[] }).attrs();
  return attrs.find((a) => a.name() === name && a.namespace()?.href() === ns)?.value();
}

/**
 * The RST MSAL's `wstrust_request._build_rst` sends, field for field: SOAP 1.2, Action and To with
 * mustUnderstand, MessageID, anonymous ReplyTo, a Security header (mustUnderstand) with a Timestamp (Id "_0",
 * whole seconds, +10 minutes) and a UsernameToken with a PasswordText password without a Type attribute; the
 * RST has a WS-Policy 2004/09 AppliesTo, KeyType and RequestType and no TokenType.
 */
export function msalRst(endpoint: MsalEndpoint, fields: { username: string; password: string; appliesTo: string; now: Date; messageId: string }): string {
  const v13 = endpoint.action === MSAL_ACTION_13;
  const time = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const trust = v13 ? 'http://docs.oasis-open.org/ws-sx/ws-trust/200512' : 'http://schemas.xmlsoap.org/ws/2005/02/trust';
  const keyType = v13 ? `${trust}/Bearer` : 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey';
  const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
  return [
    `<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope' xmlns:wsa='${NS.wsa10}' xmlns:wsu='${NS.wsu}'>`,
    '<s:Header>',
    `<wsa:Action s:mustUnderstand='1'>${endpoint.action}</wsa:Action>`,
    `<wsa:MessageID>urn:uuid:${fields.messageId}</wsa:MessageID>`,
    '<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>',
    `<wsa:To s:mustUnderstand='1'>${endpoint.address}</wsa:To>`,
    `<wsse:Security s:mustUnderstand='1' xmlns:wsse='${wsse}'>`,
    `<wsu:Timestamp wsu:Id='_0'><wsu:Created>${time(fields.now)}</wsu:Created><wsu:Expires>${time(new Date(fields.now.getTime() + 600_000))}</wsu:Expires></wsu:Timestamp>`,
    `<wsse:UsernameToken wsu:Id='ADALUsernameToken'><wsse:Username>${esc(fields.username)}</wsse:Username><wsse:Password>${esc(fields.password)}</wsse:Password></wsse:UsernameToken>`,
    '</wsse:Security>',
    '</s:Header>',
    '<s:Body>',
    `<wst:RequestSecurityToken xmlns:wst='${trust}'>`,
    `<wsp:AppliesTo xmlns:wsp='${NS.wsp}'><wsa:EndpointReference><wsa:Address>${esc(fields.appliesTo)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>`,
    `<wst:KeyType>${keyType}</wst:KeyType>`,
    `<wst:RequestType>${trust}/Issue</wst:RequestType>`,
    '</wst:RequestSecurityToken>',
    '</s:Body>',
    '</s:Envelope>',
  ].join('\n');
}
