/**
 * A refused client authentication (README "Client authentication"): wst:FailedAuthentication like every
 * other authentication failure, and, where HTTP Basic was required, HTTP 401 with a `WWW-Authenticate: Basic`
 * challenge (RFC 7235 section 3.1, RFC 7617 section 2), which the fault boundary adds.
 */
import { FailedAuthenticationError } from '@sts/sdk';

export class ClientAuthenticationError extends FailedAuthenticationError {
  constructor(
    message: string,
    /** The WWW-Authenticate value when Basic was required; absent for a certificate-only requirement. */
    readonly challenge?: string,
  ) {
    super(message);
  }
}
