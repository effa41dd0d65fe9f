/**
 * `exchangeInProcess()`: a token through a processor package and then a generator package, in-process, the
 * processor's subject and attributes handed to the generator unchanged (what a connection with no attribute
 * mapping does). The policy in between (connections, criteria, mapping) is the kernel's and is not run here.
 * @public
 */
import type { IssuedToken, IssueRequest, ProcessedToken } from '../trust-types.js';
import { runGenerator } from './run-generator.js';
import { runProcessor, type TestToken } from './run-processor.js';
import type { VerifyPluginOptions } from './verify-plugin.js';

/** What {@link exchangeInProcess} takes. @public */
export interface ExchangeInProcessOptions {
  readonly processor: VerifyPluginOptions;
  readonly generator: VerifyPluginOptions;
  readonly token: TestToken;
  /** Issue-request fields to override after the processor's subject and attributes are filled in. */
  readonly request?: Partial<IssueRequest>;
}

/** What the processor returned and what the generator issued from it. @public */
export interface InProcessExchange {
  readonly processed: ProcessedToken;
  readonly issued: IssuedToken;
}

/** Runs the exchange; rejects with the first `StsError` either plug-in throws. @public */
export async function exchangeInProcess(options: ExchangeInProcessOptions): Promise<InProcessExchange> {
  const processed = await runProcessor({ ...options.processor, token: options.token });
  const issued = await runGenerator({
    ...options.generator,
    request: {
      subject: { name: processed.subject, format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
      attributes: processed.attributes,
      ...(processed.authnContext ? { authnContext: processed.authnContext } : {}),
      ...(processed.authnInstant ? { authnInstant: processed.authnInstant } : {}),
      ...options.request,
    },
  });
  return { processed, issued };
}
