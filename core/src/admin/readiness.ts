/**
 * What a readiness check answers (`GET /readyz`): ready, each check by name, and why not.
 */
import type { TokenProcessor } from '@sts/sdk';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
  readonly reason?: string;
}

/** How long a processor's `ready()` may take before it counts as not ready: a probe must never hang /readyz. */
export const PROCESSOR_READY_TIMEOUT_MS = 2000;

/**
 * Asks every processor that has the optional `ready()` hook; returns the ids of those that are not ready
 * (false, a throw, or no answer within `timeoutMs`). Processors without the hook are always ready.
 */
export async function unreadyProcessors(
  processors: readonly { readonly id: string; readonly processor: TokenProcessor }[],
  timeoutMs = PROCESSOR_READY_TIMEOUT_MS,
): Promise<string[]> {
  const answers = await Promise.all(processors.map(async ({ id, processor }) => {
    if (processor.ready === undefined) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      const ok = await Promise.race([Promise.resolve().then(() => processor.ready!()), late]);
      return ok === true ? undefined : id;
    } catch {
      return id;
    } finally {
      clearTimeout(timer);
    }
  }));
  return answers.filter((id): id is string => id !== undefined);
}
