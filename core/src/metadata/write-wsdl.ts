/**
 * The STS's WSDL 1.1 document: top-level WS-Policy expressions first (wsdl:definitions allows extensibility
 * elements before the WSDL parts, WSDL 1.1 section 2.1), then messages, port types, bindings and the service.
 * - The MEX document for Microsoft clients has SOAP 1.2 bindings only: MSAL Python's mex.py reads every
 *   `wsdl:binding` and fails on one without `soap12:binding`, and AD FS serves SOAP 1.2 only in its MEX
 *   (issue 10). The `?wsdl` document adds SOAP 1.1 bindings and ports for WSDL-driven clients.
 * - Each binding references its port's policy (sts-ports.ts, security-policies.ts); its first operation is
 *   Issue, whose `soapAction` is how MSAL tells the 1.3 port from the 2005 one.
 * - Each port carries `soap*:address` for WSDL readers and `wsa:EndpointReference/wsa:Address`, which MSAL
 *   reads (and accepts only when it is https).
 * - `wsdl:types` declares the message elements with open content (any child, any attribute), as AD FS's
 *   schemas do, so that a WSDL-driven client (zeep, svcutil) resolves the parts without fetching the WS-Trust
 *   schemas; the STS itself validates RSTs against its own strict schemas (rst-schemas.ts).
 */
import { el, NS, type XmlNode } from '@sts/sdk/xml';
import type { SoapVersion } from '../ws-trust/soap/soap-version.js';
import { MD } from './metadata-namespaces.js';
import { bindingName, policyId, portPolicy } from './security-policies.js';
import type { PortTrustVersion, StsPort } from './sts-ports.js';

export interface WsdlOptions {
  readonly ports: readonly StsPort[];
  readonly soapVersions: readonly SoapVersion[];
  /** Scheme, host and port (and any path prefix) the addresses start with: `server.publicBaseUrl`. */
  readonly baseUrl: string;
  /** More top-level policies, e.g. the partner's issued-token policy. */
  readonly extraPolicies?: readonly XmlNode[];
}

/** Per WS-Trust version: the Issue operation's messages and actions (WS-Trust 1.3 section 4, WS-Trust 2005/02). */
const TRUST: Readonly<Record<PortTrustVersion, { portType: string; operation: string; request: string; response: string; action: string; responseAction: string }>> = {
  '13': {
    portType: 'IWSTrust13Sync',
    operation: 'Trust13Issue',
    request: 'wst:RequestSecurityToken',
    response: 'wst:RequestSecurityTokenResponseCollection',
    action: `${NS.wst13}/RST/Issue`,
    responseAction: `${NS.wst13}/RSTRC/IssueFinal`,
  },
  '2005': {
    portType: 'IWSTrustFeb2005Sync',
    operation: 'TrustFeb2005Issue',
    request: 't:RequestSecurityToken',
    response: 't:RequestSecurityTokenResponse',
    action: `${NS.wst2005}/RST/Issue`,
    responseAction: `${NS.wst2005}/RSTR/Issue`,
  },
};

const SOAP_BINDING: Readonly<Record<SoapVersion, { prefix: string; suffix: string }>> = {
  '1.2': { prefix: 'soap12', suffix: '' },
  '1.1': { prefix: 'soap', suffix: '_Soap11' },
};

export function writeWsdl(options: WsdlOptions): XmlNode {
  const { ports, soapVersions, baseUrl } = options;
  const kinds = unique(ports, (p) => `${p.credential}|${p.trust}`);
  const trusts = [...new Set(ports.map((p) => p.trust))];
  return el(
    'wsdl:definitions',
    {
      name: 'SecurityTokenService',
      targetNamespace: MD.tns,
      xmlns: {
        wsdl: MD.wsdl, soap: MD.soap11Binding, soap12: MD.soap12Binding, wsp: NS.wsp2004, wsu: NS.wsu, sp: MD.sp,
        wsa: NS.wsa, wsaw: MD.wsaw, wst: NS.wst13, t: NS.wst2005, tns: MD.tns,
      },
    },
    [
      ...kinds.map(portPolicy),
      ...(options.extraPolicies ?? []),
      el('wsdl:types', {}, trusts.map(messageSchema)),
      ...trusts.flatMap((trust) => [
        el('wsdl:message', { name: `${TRUST[trust].portType}_Issue_InputMessage` }, [el('wsdl:part', { name: 'request', element: TRUST[trust].request })]),
        el('wsdl:message', { name: `${TRUST[trust].portType}_Issue_OutputMessage` }, [el('wsdl:part', { name: 'response', element: TRUST[trust].response })]),
      ]),
      ...trusts.map(portType),
      ...soapVersions.flatMap((v) => kinds.map((k) => binding(k, v))),
      el('wsdl:service', { name: 'SecurityTokenService' }, soapVersions.flatMap((v) => ports.map((p) => port(p, v, baseUrl)))),
    ],
  );
}

/** The Issue messages' elements of one WS-Trust version, open content (see above). */
function messageSchema(trust: PortTrustVersion): XmlNode {
  const namespace = trust === '13' ? NS.wst13 : NS.wst2005;
  const open = (name: string) =>
    el('xs:element', { name }, [
      el('xs:complexType', {}, [
        el('xs:sequence', {}, [el('xs:any', { namespace: '##any', processContents: 'lax', minOccurs: '0', maxOccurs: 'unbounded' })]),
        el('xs:anyAttribute', { namespace: '##any', processContents: 'lax' }),
      ]),
    ]);
  return el('xs:schema', { xmlns: { xs: NS.xs }, targetNamespace: namespace, elementFormDefault: 'qualified' }, [
    open('RequestSecurityToken'),
    open(TRUST[trust].response.split(':')[1]!),
  ]);
}

function portType(trust: PortTrustVersion): XmlNode {
  const t = TRUST[trust];
  return el('wsdl:portType', { name: t.portType }, [
    el('wsdl:operation', { name: t.operation }, [
      el('wsdl:input', { 'wsaw:Action': t.action, message: `tns:${t.portType}_Issue_InputMessage` }),
      el('wsdl:output', { 'wsaw:Action': t.responseAction, message: `tns:${t.portType}_Issue_OutputMessage` }),
    ]),
  ]);
}

function binding(port: Pick<StsPort, 'credential' | 'trust'>, version: SoapVersion): XmlNode {
  const { prefix, suffix } = SOAP_BINDING[version];
  const t = TRUST[port.trust];
  const body = el(`${prefix}:body`, { use: 'literal' });
  return el('wsdl:binding', { name: `${bindingName(port)}${suffix}`, type: `tns:${t.portType}` }, [
    el('wsp:PolicyReference', { URI: `#${policyId(port)}` }),
    el(`${prefix}:binding`, { transport: MD.httpTransport }),
    el('wsdl:operation', { name: t.operation }, [
      el(`${prefix}:operation`, { soapAction: t.action, style: 'document' }),
      el('wsdl:input', {}, [body]),
      el('wsdl:output', {}, [body]),
    ]),
  ]);
}

function port(p: StsPort, version: SoapVersion, baseUrl: string): XmlNode {
  const { prefix, suffix } = SOAP_BINDING[version];
  const name = `${bindingName(p)}${suffix}`;
  const address = `${baseUrl}${p.path}`;
  return el('wsdl:port', { name, binding: `tns:${name}` }, [
    el(`${prefix}:address`, { location: address }),
    el('wsa:EndpointReference', {}, [el('wsa:Address', {}, [address])]),
  ]);
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
