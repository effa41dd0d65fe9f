/**
 * WS-Addressing checks of a WS-Trust request (security-rules.md section 1 rows 28 and 29):
 * - wsa:Action, when sent, is the action of the RequestType;
 * - the transport action (SOAPAction, or the SOAP 1.2 action parameter), when sent, agrees with it;
 * - wsa:To, when sent, names this endpoint at one of our public origins.
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import { rememberedByText } from './remembered-by-text.js';

export interface Addressing {
  readonly action?: string;
  readonly transportAction?: string;
  readonly to?: string;
}

export function checkAddressing(addressing: Addressing, expectedAction: string, requestType: string, path: string, origins: ReadonlySet<string>): void {
  if (addressing.action !== undefined && addressing.action !== expectedAction) {
    throw new InvalidRequestError(`wsa:Action ${quoteForLog(addressing.action)} does not match RequestType ${quoteForLog(requestType)}`);
  }
  const transport = addressing.transportAction;
  if (transport !== undefined && transport !== (addressing.action ?? expectedAction)) {
    throw new InvalidRequestError(`transport action ${quoteForLog(transport)} disagrees with the message action`);
  }
  if (addressing.to !== undefined) checkTo(addressing.to, path, origins);
}

function checkTo(to: string, path: string, origins: ReadonlySet<string>): void {
  const url = readTo(to);
  if (!url || !origins.has(url.origin) || url.pathname !== path) {
    throw new InvalidRequestError(`wsa:To ${quoteForLog(to)} does not name this endpoint`);
  }
}

/** The wsa:To as a URL (its origin and path), or undefined when it is not one; a client sends the same To each time. */
const readTo = rememberedByText((to: string): { readonly origin: string; readonly pathname: string } | undefined => {
  try {
    const { origin, pathname } = new URL(to);
    return Object.freeze({ origin, pathname });
  } catch {
    return undefined;
  }
});
