/**
 * Hands a request to the processor the way the kernel does (core/src/ws-trust/presented-token.ts): the request is
 * gated and parsed with `parseUntrustedXml`, the BinarySecurityToken is taken from the wsse:Security header,
 * converted with `toElementData`, and the whole message goes along because the selector sets
 * `verifiesMessageSignature`.
 */
import type { ReceivedToken, RequestContext } from '@sts/sdk';
import { NS, parseUntrustedXml, toElementData, type XmlDomElement } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';
import { NOW } from './test-pki.js';

export interface ReceivedTokenOptions {
  readonly soapVersion?: '1.1' | '1.2';
  /** Leave out `message` (a processor without the whole request). */
  readonly withoutMessage?: boolean;
  /** The wsu:Id of the BST to hand over (default the first X509v3 BST in the Security header). */
  readonly bstId?: string;
}

export function receivedToken(xml: string, options: ReceivedTokenOptions = {}): ReceivedToken {
  const soapVersion = options.soapVersion ?? (xml.includes(NS.soap12) ? '1.2' : '1.1');
  const doc = parseUntrustedXml(xml);
  const soap = soapVersion === '1.2' ? NS.soap12 : NS.soap11;
  const root = doc.root()!;
  const securities = root.name() === 'Envelope' && root.namespace()?.href() === soap ? root.descend(`{${soap}}Header`, `{${NS.wsse}}Security`) : [];
  const tokens = securities
    .flatMap((security) => security.childNodes())
    .filter((n) => n.type() === 'element')
    .map((n) => n as XmlDomElement)
    .filter((e) => e.name() === 'BinarySecurityToken' && e.namespace()?.href() === NS.wsse)
    .filter((e) => options.bstId === undefined || e.attr('Id')?.value() === options.bstId);
  const bst = tokens.find((e) => e.attr('ValueType')?.value() === TokenType.X509v3);
  if (!bst) throw new Error('the test request has no X509v3 BinarySecurityToken');
  const element = toElementData(bst);
  const context: RequestContext = {
    requestId: 'req-1',
    clientAddress: '192.0.2.10',
    endpoint: '/idp/sts.wst',
    soapVersion,
    receivedAt: NOW,
  };
  const text = element.text.trim();
  return {
    tokenType: TokenType.X509v3,
    source: 'security-header',
    purpose: 'use',
    element,
    xml: bst.toString(),
    context,
    ...(element.attributes['ValueType'] === undefined ? {} : { valueType: element.attributes['ValueType'] }),
    ...(text === '' ? {} : { text }),
    ...(options.withoutMessage ? {} : { message: { xml, soapVersion } }),
  };
}
