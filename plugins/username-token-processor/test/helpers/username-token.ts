/**
 * Builds wsse:UsernameToken elements as the kernel hands them to the processor (XmlElementData), and small
 * edits on them, so that each negative test starts from a valid token and changes one thing.
 */
import { randomBytes } from 'node:crypto';
import type { ReceivedToken } from '@sts/sdk';
import { TokenType } from '@sts/sdk';
import { NS, UsernameTokenUri, type XmlElementData } from '@sts/sdk/xml';
import { computePasswordDigest } from '../../src/password-digest.js';

export const CLIENT_ADDRESS = '192.0.2.10';

/** One element as plain data. */
export function xmlElement(
  namespaceUri: string,
  localName: string,
  text = '',
  attributes: Record<string, string> = {},
  children: XmlElementData[] = [],
): XmlElementData {
  return { namespaceUri, localName, attributes, children, text };
}

export interface TextTokenOptions {
  /** The Password Type attribute; `null` leaves it out (the profile's default, PasswordText). */
  readonly type?: string | null;
  readonly nonce?: Buffer;
  readonly created?: string;
}

/** A UsernameToken with a clear-text password. */
export function passwordTextToken(username: string, password: string, options: TextTokenOptions = {}): XmlElementData {
  const type = options.type === undefined ? UsernameTokenUri.passwordText : options.type;
  const children = [
    xmlElement(NS.wsse, 'Username', username),
    xmlElement(NS.wsse, 'Password', password, type === null ? {} : { Type: type }),
  ];
  if (options.nonce) children.push(nonceElement(options.nonce));
  if (options.created) children.push(xmlElement(NS.wsu, 'Created', options.created));
  return xmlElement(NS.wsse, 'UsernameToken', '', { [`{${NS.wsu}}Id`]: 'UsernameToken-1' }, children);
}

/** A UsernameToken with a PasswordDigest over a fresh (or the given) nonce and `created`. */
export function passwordDigestToken(username: string, password: string, created: string, nonce: Buffer = randomBytes(16)): XmlElementData {
  const digest = computePasswordDigest(nonce, created, password).toString('base64');
  return xmlElement(NS.wsse, 'UsernameToken', '', {}, [
    xmlElement(NS.wsse, 'Username', username),
    xmlElement(NS.wsse, 'Password', digest, { Type: UsernameTokenUri.passwordDigest }),
    nonceElement(nonce),
    xmlElement(NS.wsu, 'Created', created),
  ]);
}

export function nonceElement(nonce: Buffer, encodingType: string | null = UsernameTokenUri.base64Binary): XmlElementData {
  return xmlElement(NS.wsse, 'Nonce', nonce.toString('base64'), encodingType === null ? {} : { EncodingType: encodingType });
}

/** The token without its child elements of that local name. */
export function withoutChild(token: XmlElementData, localName: string): XmlElementData {
  return { ...token, children: token.children.filter((c) => c.localName !== localName) };
}

/** The token with one more child element at the end. */
export function withChild(token: XmlElementData, child: XmlElementData): XmlElementData {
  return { ...token, children: [...token.children, child] };
}

/** The token with each child of that local name changed by `edit`. */
export function editChild(token: XmlElementData, localName: string, edit: (child: XmlElementData) => XmlElementData): XmlElementData {
  return { ...token, children: token.children.map((c) => (c.localName === localName ? edit(c) : c)) };
}

/** The child of that local name (throws when absent). */
export function child(token: XmlElementData, localName: string): XmlElementData {
  const found = token.children.find((c) => c.localName === localName);
  if (!found) throw new Error(`no ${localName} in the token`);
  return found;
}

/** Wraps an element as the kernel would, with a request context. */
export function receivedToken(element: XmlElementData | undefined, clientAddress = CLIENT_ADDRESS): ReceivedToken {
  return {
    tokenType: TokenType.UsernameToken,
    source: 'security-header',
    purpose: 'use',
    ...(element && { element }),
    context: {
      requestId: 'req-1',
      clientAddress,
      endpoint: '/idp/sts.wst',
      soapVersion: '1.2',
      receivedAt: new Date(),
    },
  };
}
