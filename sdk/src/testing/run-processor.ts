/**
 * `runProcessor()`: one token through a processor package, in-process, as the kernel hands it over: the
 * package loaded by {@link verifyPlugin}, the token given as its text (a JWT, a BinarySecurityToken's content)
 * or its XML (parsed the way the kernel parses it). No SOAP to write.
 *
 * @example
 * ```ts
 * const { subject, attributes } = await runProcessor({ packageDir, config, token: { text: jwt } });
 * ```
 * @public
 */
import type { TokenProcessor } from '../plugin-types.js';
import type { ProcessedToken, ReceivedToken, RequestContext } from '../trust-types.js';
import { verifyPlugin, type VerifyPluginOptions } from './verify-plugin.js';

/** The token as a test gives it: `text` or `xml`, and anything of {@link ReceivedToken} to override. @public */
export type TestToken = Partial<Omit<ReceivedToken, 'context'>> & { readonly context?: Partial<RequestContext> };

/** What {@link runProcessor} takes. @public */
export interface RunProcessorOptions extends VerifyPluginOptions {
  readonly token: TestToken;
}

/** Loads the processor package and returns what its `process()` returns (or rejects with its `StsError`). @public */
export async function runProcessor(options: RunProcessorOptions): Promise<ProcessedToken> {
  const { definition, implementation } = await verifyPlugin(options);
  if (definition.kind !== 'token-processor') throw new TypeError(`${definition.id} is a ${definition.kind}, not a token processor`);
  const tokenType = options.token.tokenType ?? definition.tokenTypes[0]!;
  // The WS-Trust face passes on the ValueType the selector matched (a BinarySecurityToken's); do the same.
  const valueType = definition.accepts?.find((selector) => selector.tokenType === tokenType)?.valueType;
  return (implementation as TokenProcessor).process(await receivedToken({ ...(valueType ? { valueType } : {}), ...options.token }, tokenType));
}

/** The token filled in as the kernel fills it: a purpose of `use`, a request context, the element of its XML. */
async function receivedToken(token: TestToken, defaultTokenType: string): Promise<ReceivedToken> {
  const context: RequestContext = { requestId: 'test-request', clientAddress: '127.0.0.1', endpoint: '/test', receivedAt: new Date(), ...token.context };
  // Only an XML token needs the parser (libxml2-wasm, an optional peer of the SDK): loaded here, not at import.
  const element = token.element ?? (token.xml === undefined ? undefined : await elementOf(token.xml));
  return {
    tokenType: defaultTokenType,
    purpose: 'use',
    ...(token.xml === undefined ? {} : { text: element?.text.trim() }),
    ...token,
    ...(element ? { element } : {}),
    context,
  };
}

async function elementOf(xml: string) {
  const { parseUntrustedXml, toElementData } = await import('../xml/index.js');
  const root = parseUntrustedXml(xml).root();
  if (!root) throw new TypeError('token.xml has no root element');
  return toElementData(root);
}
