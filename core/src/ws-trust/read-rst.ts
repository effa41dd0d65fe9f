/**
 * Reads the Body's RequestSecurityToken (WS-Trust 1.3 section 3.1) after schema validation:
 * RequestType (exactly one), TokenType, KeyType and AppliesTo (each at most once), the Context attribute;
 * the proof-key elements KeySize, ComputedKeyAlgorithm, Entropy and UseKey (each at most once).
 * SecondaryParameters (section 4.2; WCF sends the relying party's policy there: TokenType, KeyType, KeySize,
 * algorithm hints) is accepted and not used: the request's own elements and the connection decide, and the
 * algorithms are always ours (AES-256-GCM, RSA-OAEP, RSA-SHA256).
 * AppliesTo must be wsp:AppliesTo (WS-Policy 2004/09 or 1.5) holding one wsa:EndpointReference with one
 * wsa:Address.
 */
import { BadRequestError, quoteForLog, InvalidRequestError } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import { takeDelegationPart, type DelegationElement, type DelegationParts, type RequestedClaims } from './read-delegation.js';
import { elementChildren, textContent } from './soap/read-envelope.js';
import { validateRst } from './rst-schemas.js';
import { trustVersionOf, type TrustVersion } from './trust-version.js';

export interface RstRequest {
  readonly version: TrustVersion;
  readonly requestType: string;
  readonly tokenType?: string;
  readonly keyType?: string;
  readonly appliesTo?: { readonly address: string; readonly policyNamespace: string };
  readonly context?: string;
  /** The one element inside wst:ValidateTarget (WS-Trust 1.3 section 7). */
  readonly validateTarget?: XmlDomElement;
  /** Proof-key elements (WS-Trust 1.3 section 9.2), read by read-proof-key.ts. */
  readonly keySize?: string;
  readonly computedKeyAlgorithm?: string;
  readonly entropy?: XmlDomElement;
  readonly useKey?: XmlDomElement;
  /** OnBehalfOf or ActAs (read-delegation.ts). */
  readonly delegation?: DelegationElement;
  /** wst:Claims in a supported dialect (read-delegation.ts). */
  readonly claims?: RequestedClaims;
}

/** Children kept as elements for a later reader; the others are read as text. */
const ELEMENT_CHILDREN = new Set(['ValidateTarget', 'Entropy', 'UseKey', 'SecondaryParameters']);

export function readRst(bodyChild: XmlDomElement): RstRequest {
  const version = trustVersionOf(bodyChild.namespace()?.href());
  if (!version) throw new InvalidRequestError(`the Body holds ${quoteForLog(`{${bodyChild.namespace()?.href() ?? ''}}${bodyChild.name()}`)}, not a WS-Trust request`);
  if (bodyChild.name() === 'RequestSecurityTokenCollection') throw new BadRequestError('batch requests are not supported');
  if (bodyChild.name() !== 'RequestSecurityToken') throw new InvalidRequestError(`unsupported WS-Trust element ${quoteForLog(bodyChild.name())}`);
  validateRst(bodyChild);

  const values = new Map<string, string>();
  let appliesTo: RstRequest['appliesTo'];
  const elements = new Map<string, XmlDomElement>();
  const delegationParts: DelegationParts = {};
  for (const child of elementChildren(bodyChild, 'RequestSecurityToken')) {
    if (takeDelegationPart(child, version.namespace, delegationParts)) continue;
    const ns = child.namespace()?.href();
    const name = child.name();
    if (ns === NS.wsp2004 || ns === NS.wsp15) {
      if (name !== 'AppliesTo' || appliesTo !== undefined) throw new InvalidRequestError(`unexpected ${quoteForLog(`{${ns}}${name}`)} in the RST`);
      appliesTo = { address: readAppliesTo(child), policyNamespace: ns };
      continue;
    }
    if (values.has(name) || elements.has(name)) throw new InvalidRequestError(`more than one ${name} in the RST`);
    if (ELEMENT_CHILDREN.has(name)) {
      elements.set(name, child);
      continue;
    }
    values.set(name, textContent(child, name));
  }
  const requestType = values.get('RequestType');
  if (requestType === undefined) throw new InvalidRequestError('the RST has no RequestType');
  const rst: { -readonly [K in keyof RstRequest]: RstRequest[K] } = { version, requestType };
  const tokenType = values.get('TokenType');
  const keyType = values.get('KeyType');
  const context = bodyChild.attr('Context')?.value();
  if (tokenType !== undefined) rst.tokenType = tokenType;
  if (keyType !== undefined) rst.keyType = keyType;
  if (appliesTo !== undefined) rst.appliesTo = appliesTo;
  if (context !== undefined) rst.context = context;
  const target = elements.get('ValidateTarget');
  if (target !== undefined) {
    const [only, ...others] = elementChildren(target, 'ValidateTarget');
    if (!only || others.length > 0) throw new InvalidRequestError('ValidateTarget must hold one element');
    rst.validateTarget = only;
  }
  const keySize = values.get('KeySize');
  const computedKeyAlgorithm = values.get('ComputedKeyAlgorithm');
  const entropy = elements.get('Entropy');
  const useKey = elements.get('UseKey');
  if (keySize !== undefined) rst.keySize = keySize;
  if (computedKeyAlgorithm !== undefined) rst.computedKeyAlgorithm = computedKeyAlgorithm;
  if (entropy !== undefined) rst.entropy = entropy;
  if (useKey !== undefined) rst.useKey = useKey;
  if (delegationParts.delegation) rst.delegation = delegationParts.delegation;
  if (delegationParts.claims) rst.claims = delegationParts.claims;
  return rst;
}

function readAppliesTo(appliesTo: XmlDomElement): string {
  const [epr, ...rest] = elementChildren(appliesTo, 'AppliesTo');
  if (!epr || rest.length > 0 || epr.namespace()?.href() !== NS.wsa || epr.name() !== 'EndpointReference') {
    throw new InvalidRequestError('AppliesTo must hold one wsa:EndpointReference');
  }
  const addresses = elementChildren(epr, 'EndpointReference').filter((c) => c.namespace()?.href() === NS.wsa && c.name() === 'Address');
  if (addresses.length !== 1) throw new InvalidRequestError('the EndpointReference must hold one wsa:Address');
  const address = addresses[0]!;
  const value = textContent(address, 'wsa:Address');
  if (value === '' || value.length > 2048) throw new InvalidRequestError('AppliesTo address is empty or too long');
  return value;
}
