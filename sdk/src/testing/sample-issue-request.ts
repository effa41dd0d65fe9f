/**
 * `sampleIssueRequest()`: a valid {@link IssueRequest} for token generator tests.
 * @public
 */
import { TokenType } from '../token-types.js';
import type { IssueRequest } from '../trust-types.js';

/** The instant a {@link sampleIssueRequest} is issued at unless told otherwise: 2026-11-28T06:00:00Z. @public */
export const SAMPLE_ISSUE_INSTANT: Date = new Date('2026-11-28T06:00:00.000Z');

const HOUR = 3_600_000;

/**
 * A valid bearer request for a SAML 2.0 token for `https://sp.example.com/service`, issued by
 * `https://sts.example.com/idp` to `joe` (unspecified NameID format) with two attributes (`mail`, and `role` with
 * two values), authenticated by password 5 seconds before `at`, valid from `at` for one hour. `overrides`
 * replace whole fields: a test changes one thing, e.g. `{ tokenType: TokenType.Jwt }`.
 * @public
 */
export function sampleIssueRequest(overrides: Partial<IssueRequest> = {}, at: Date = SAMPLE_ISSUE_INSTANT): IssueRequest {
  return {
    tokenType: TokenType.Saml20,
    appliesTo: 'https://sp.example.com/service',
    issuer: 'https://sts.example.com/idp',
    subject: { name: 'joe', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
    subjectConfirmation: 'bearer',
    attributes: { mail: ['joe@example.com'], role: ['admin', 'user'] },
    authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    authnInstant: new Date(at.getTime() - 5_000),
    notBefore: at,
    notOnOrAfter: new Date(at.getTime() + HOUR),
    issuedAt: at,
    context: { requestId: 'req-1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: at },
    ...overrides,
  };
}
