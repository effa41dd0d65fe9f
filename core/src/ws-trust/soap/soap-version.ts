/**
 * SOAP 1.1 and 1.2 differ on the wire in the envelope namespace, the media type, where the action travels
 * (SOAPAction header vs the `action` media-type parameter) and the mustUnderstand values.
 */
import { NS } from '@sts/sdk/xml';
import { rememberedByText } from '../remembered-by-text.js';

export type SoapVersion = '1.1' | '1.2';

export const SOAP_NAMESPACE: Readonly<Record<SoapVersion, string>> = { '1.1': NS.soap11, '1.2': NS.soap12 };

export const SOAP_MEDIA_TYPE: Readonly<Record<SoapVersion, string>> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

export interface ParsedContentType {
  readonly version: SoapVersion;
  /** SOAP 1.2 `action` parameter (SOAP 1.2 part 2 section 7.1.4), unquoted. */
  readonly action?: string;
  /** The charset parameter, lower-cased, when present. */
  readonly charset?: string;
}

/**
 * Reads the media type: `text/xml` is SOAP 1.1, `application/soap+xml` SOAP 1.2. Returns undefined when
 * neither applies. The caller refuses a charset other than UTF-8 (the byte gate decodes UTF-8 only).
 */
export function parseSoapContentType(header: string | undefined): ParsedContentType | undefined {
  if (!header) return undefined;
  return readContentType(header);
}

/**
 * Content types read before, with what they gave: a client sends the same header on every request. A few kinds
 * of clients send a few spellings, so the map is small.
 */
const readContentType = rememberedByText(parseContentType);

function parseContentType(header: string): ParsedContentType | undefined {
  const [type, ...params] = header.split(';').map((p) => p.trim());
  const version = type?.toLowerCase() === 'text/xml' ? '1.1' : type?.toLowerCase() === 'application/soap+xml' ? '1.2' : undefined;
  if (!version) return undefined;
  let action: string | undefined;
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'charset') charset = value.toLowerCase();
    if (name === 'action') action = value;
  }
  return Object.freeze({ version, ...(action === undefined ? {} : { action }), ...(charset === undefined ? {} : { charset }) });
}
