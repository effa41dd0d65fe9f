/**
 * Builds the value object a processor receives from a token element the face found. The whole message goes
 * only to a processor that declared it verifies a message signature with the token's key.
 */
import type { ReceivedMessage, ReceivedToken, RequestContext } from '@sts/sdk';
import { toElementData } from '@sts/sdk/xml';
import type { PresentedToken } from '../exchange/exchange-request.js';
import type { FoundToken } from './wssecurity/read-security-header.js';

export function presentedToken(
  token: FoundToken,
  source: ReceivedToken['source'],
  context: RequestContext,
  message: ReceivedMessage | undefined,
): PresentedToken {
  const element = toElementData(token.element);
  const valueType = element.attributes['ValueType'];
  const text = element.text.trim();
  return {
    processor: token.processor,
    token: {
      tokenType: token.tokenType,
      source,
      element,
      xml: token.element.toString(),
      context,
      ...(valueType === undefined ? {} : { valueType }),
      ...(text === '' ? {} : { text }),
      ...(token.selector.verifiesMessageSignature && source === 'security-header' && message ? { message } : {}),
    },
  };
}
