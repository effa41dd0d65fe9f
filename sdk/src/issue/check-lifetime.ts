import { InvalidTimeRangeError } from '../errors.js';
import type { IssueRequest } from '../trust-types.js';

/**
 * Refuses a window that is empty at the precision we write (whole seconds) or already over: such a token
 * could never be accepted, and issuing it would only hide a mapping or clock error. For generators.
 * @public
 */
export function checkIssueLifetime(request: IssueRequest, now: Date): void {
  const notBefore = Math.floor(request.notBefore.getTime() / 1000);
  const notOnOrAfter = Math.floor(request.notOnOrAfter.getTime() / 1000);
  if (!(notOnOrAfter > notBefore)) throw new InvalidTimeRangeError('NotOnOrAfter is not after NotBefore');
  if (!(notOnOrAfter * 1000 > now.getTime())) throw new InvalidTimeRangeError('NotOnOrAfter is already past');
}
