/**
 * `runGenerator()`: one issue request through a generator package, in-process: the package loaded by
 * {@link verifyPlugin}, the request a {@link sampleIssueRequest} for the plug-in's first token type with the
 * fields a test overrides.
 *
 * @example
 * ```ts
 * const token = await runGenerator({ packageDir, config: { prefix: 'x' }, request: { subject: { name: 'alice', format } } });
 * ```
 * @public
 */
import type { TokenGenerator } from '../plugin-types.js';
import type { IssuedToken, IssueRequest } from '../trust-types.js';
import { sampleIssueRequest } from './sample-issue-request.js';
import { verifyPlugin, type VerifyPluginOptions } from './verify-plugin.js';

/** What {@link runGenerator} takes. @public */
export interface RunGeneratorOptions extends VerifyPluginOptions {
  /** Fields that replace those of the sample request, which is issued now and valid for an hour. */
  readonly request?: Partial<IssueRequest>;
}

/** Loads the generator package and returns what its `issue()` returns (or rejects with its `StsError`). @public */
export async function runGenerator(options: RunGeneratorOptions): Promise<IssuedToken> {
  const { definition, implementation } = await verifyPlugin(options);
  if (definition.kind !== 'token-generator') throw new TypeError(`${definition.id} is a ${definition.kind}, not a token generator`);
  // Issued now rather than at the sample's fixed instant, so that a token checked against the real clock is valid.
  const request = sampleIssueRequest({ tokenType: definition.tokenTypes[0]!, ...options.request }, new Date());
  return (implementation as TokenGenerator).issue(request);
}
