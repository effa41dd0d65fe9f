/**
 * Header processing (SOAP 1.1 section 4.2, SOAP 1.2 part 1 section 5.2; WS-Addressing 1.0 SOAP binding):
 * - blocks targeted at another actor/role are ignored;
 * - a block we do not understand that carries mustUnderstand is a MustUnderstand fault;
 * - the blocks we understand (wsa:Action, To, MessageID, ReplyTo, FaultTo, wsse:Security) appear at most once;
 * - ReplyTo and FaultTo must be anonymous: we answer on the HTTP response and never call out
 *   (security-rules.md section 1 row 29).
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import { SOAP_NAMESPACE, type SoapVersion } from './soap-version.js';
import { SoapProtocolError } from './soap-protocol-error.js';
import { elementChildren, textContent } from './read-envelope.js';

const ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
const WSA_BLOCKS = new Set(['Action', 'To', 'MessageID', 'ReplyTo', 'FaultTo']);
const OUR_ROLES: Readonly<Record<SoapVersion, ReadonlySet<string>>> = {
  '1.1': new Set(['http://schemas.xmlsoap.org/soap/actor/next']),
  '1.2': new Set(['http://www.w3.org/2003/05/soap-envelope/role/next', 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver']),
};

export interface HeaderInfo {
  readonly action?: string;
  readonly to?: string;
  readonly messageId?: string;
  readonly security?: XmlDomElement;
}

export function readHeaderBlocks(version: SoapVersion, blocks: readonly XmlDomElement[]): HeaderInfo {
  const soapNs = SOAP_NAMESPACE[version];
  const seen = new Map<string, XmlDomElement>();
  for (const block of blocks) {
    const role = block.attr(version === '1.1' ? 'actor' : 'role')?.namespace()?.href() === soapNs
      ? block.attr(version === '1.1' ? 'actor' : 'role')!.value().trim()
      : undefined;
    if (role !== undefined && role !== '' && !OUR_ROLES[version].has(role)) continue;
    const ns = block.namespace()?.href();
    const name = block.name();
    const key = ns === NS.wsa && WSA_BLOCKS.has(name) ? `wsa:${name}` : ns === NS.wsse && name === 'Security' ? 'wsse:Security' : undefined;
    if (key === undefined) {
      if (mustUnderstand(block, version, soapNs)) throw new SoapProtocolError('MustUnderstand', `header {${ns}}${name} not understood`);
      continue;
    }
    mustUnderstand(block, version, soapNs); // validates the attribute's value
    if (seen.has(key)) throw new InvalidRequestError(`more than one ${key} header`);
    seen.set(key, block);
  }
  for (const key of ['wsa:ReplyTo', 'wsa:FaultTo']) {
    const block = seen.get(key);
    if (!block) continue;
    const address = elementChildren(block, key).filter((c) => c.namespace()?.href() === NS.wsa && c.name() === 'Address');
    if (address.length !== 1 || textContent(address[0]!, `${key}/Address`) !== ANONYMOUS) throw new InvalidRequestError(`${key} must be the anonymous address`);
  }
  const text = (key: string): string | undefined => {
    const block = seen.get(key);
    if (!block) return undefined;
    return textContent(block, key);
  };
  const info: { action?: string; to?: string; messageId?: string; security?: XmlDomElement } = {};
  const action = text('wsa:Action');
  const to = text('wsa:To');
  const messageId = text('wsa:MessageID');
  if (action !== undefined) info.action = action;
  if (to !== undefined) info.to = to;
  if (messageId !== undefined) info.messageId = messageId;
  const security = seen.get('wsse:Security');
  if (security) info.security = security;
  return info;
}

function mustUnderstand(block: XmlDomElement, version: SoapVersion, soapNs: string): boolean {
  const attr = block.attr('mustUnderstand');
  if (!attr || attr.namespace()?.href() !== soapNs) return false;
  const value = attr.value().trim();
  // SOAP 1.1 section 4.2.3 allows "1"/"0"; SOAP 1.2 uses xs:boolean. Real clients send "1" in both.
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new InvalidRequestError(`mustUnderstand=${quoteForLog(value)} is not a boolean (SOAP ${version})`);
}
