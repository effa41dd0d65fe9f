import type { StsFault } from '@sts/sdk/client';

/** A client result (`StsIssueResult`, `StsValidateResult`) narrowed to its success; throws with the fault otherwise. */
export function succeeded<R extends { readonly ok: true } | { readonly ok: false; readonly fault: StsFault }>(result: R): Extract<R, { readonly ok: true }> {
  if (!result.ok) throw new Error(`expected success, got fault ${JSON.stringify((result as { fault: StsFault }).fault)}`);
  return result as Extract<R, { readonly ok: true }>;
}
