/**
 * A state store that cannot take a request: full (it refuses new one-time values rather than evicting live
 * ones, which would let a replay through) or unavailable (the backend cannot be reached or answered with an
 * error). Either way the request fails closed as `wst:RequestFailed`, SOAP Code Receiver: the client did
 * nothing wrong, and a retry later may succeed.
 * @public
 */
import { ServerFailureError, type StsErrorOptions } from '../errors.js';

/** Why a state store refused. @public */
export type StateStoreRefusal = 'full' | 'unavailable';

/** @public */
export class StateStoreError extends ServerFailureError {
  constructor(
    readonly refusal: StateStoreRefusal,
    message: string,
    options: StsErrorOptions = {},
  ) {
    super(message, options);
  }
}
