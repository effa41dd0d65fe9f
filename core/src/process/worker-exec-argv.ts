/**
 * The Node and V8 flags a worker starts with: the primary's own (`process.execArgv`), then
 * - `--max-semi-space-size=8` (MB): V8's young generation is two semi-spaces plus the space objects are
 *   promoted through, committed in full once a worker is busy. Node 20's default (16 MB each on 64-bit) made
 *   it about half of the 65 MB a worker's V8 heap committed. Measured with `npm run bench -- --only half-load`
 *   (JWT → SAML 2.0, two runs each, alternating): 143–168 MB per worker with 8 MB against 161–211 MB with the
 *   default, and the same server CPU per token (4,839 and 3,843 µs against 4,783 and 3,868): the requests'
 *   garbage dies young either way, so more frequent scavenges cost nothing measurable.
 * An operator's own semi-space size (in the primary's flags or in NODE_OPTIONS, which workers inherit) wins.
 */
export const WORKER_SEMI_SPACE_MB = 8;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

export function workerExecArgv(execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const operatorSet = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((flag) => SEMI_SPACE_FLAG.test(flag));
  return [...execArgv, ...(operatorSet ? [] : [`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`])];
}
