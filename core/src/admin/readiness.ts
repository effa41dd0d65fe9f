/**
 * What a readiness check answers (`GET /readyz`): ready, each check by name, and why not.
 */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
  readonly reason?: string;
}
