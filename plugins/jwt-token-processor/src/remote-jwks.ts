/**
 * An issuer's JWKS fetched from its `jwksUrl` (RFC 7517 section 5), never from a URL a token names
 * (`jku` and `x5u` are refused by the header check; RFC 8725 section 3.10).
 *
 * - https only, checked at start; redirects are refused (`redirect: 'error'`), so a redirect can neither
 *   downgrade to http nor move to another host;
 * - one fetch at a time, bounded by `jwksTimeoutSeconds` (headers and body) and by {@link MAX_JWKS_BYTES};
 * - a fetched set is used for `jwksCacheSeconds`; a token whose `kid` is missing from it triggers a new
 *   fetch (key rotation) at most once per {@link COOLDOWN_SECONDS};
 * - a failed fetch fails closed: no stale keys are used, and the failure is answered again without a new
 *   fetch for {@link COOLDOWN_SECONDS}, so a dead endpoint is not hammered once per request.
 */
import { readCappedBody, type Clock, type Logger } from '@sts/sdk';
import type { VerificationAlgorithm } from './config-schema.js';
import type { KeySource } from './key-source.js';
import { readJwks } from './read-jwks.js';
import type { VerificationKey } from './verification-key.js';

/** The largest JWKS response read. */
export const MAX_JWKS_BYTES = 256 * 1024;
/** The least time between two fetches caused by an unknown kid or after a failure. */
export const COOLDOWN_SECONDS = 30;

/** The fetch function; tests pass their own. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** What a {@link RemoteJwks} runs with. */
export interface RemoteJwksOptions {
  readonly url: string;
  readonly cacheSeconds: number;
  readonly timeoutSeconds: number;
  readonly algorithms: readonly VerificationAlgorithm[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch: FetchFunction;
}

/** A JWKS URL as a {@link KeySource}. */
export class RemoteJwks implements KeySource {
  private cached: { readonly keys: readonly VerificationKey[]; readonly at: number } | undefined;
  private failure: { readonly error: Error; readonly at: number } | undefined;
  private pending: Promise<readonly VerificationKey[]> | undefined;

  constructor(private readonly options: RemoteJwksOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'https:') throw new Error(`jwksUrl ${options.url} is not https`);
  }

  async keys(): Promise<readonly VerificationKey[]> {
    return this.fresherThan(this.options.cacheSeconds) ?? this.load();
  }

  async keysAfterUnknownKid(): Promise<readonly VerificationKey[]> {
    return this.fresherThan(COOLDOWN_SECONDS) ?? this.load();
  }

  private fresherThan(seconds: number): readonly VerificationKey[] | undefined {
    const cached = this.cached;
    return cached && this.now() - cached.at < seconds * 1000 ? cached.keys : undefined;
  }

  private load(): Promise<readonly VerificationKey[]> {
    const failure = this.failure;
    if (failure && this.now() - failure.at < COOLDOWN_SECONDS * 1000) return Promise.reject(failure.error);
    this.pending ??= this.fetchKeys().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchKeys(): Promise<readonly VerificationKey[]> {
    const { url, timeoutSeconds, algorithms, logger } = this.options;
    try {
      const response = await this.options.fetch(url, {
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
        headers: { accept: 'application/jwk-set+json, application/json' },
      });
      if (!response.ok) throw new Error(`HTTP status ${response.status}`);
      const { keys, skipped } = readJwks(await readCapped(response, MAX_JWKS_BYTES), url, algorithms);
      for (const reason of skipped) logger.warn({ jwksUrl: url, reason }, 'JWKS key skipped');
      if (keys.length === 0) throw new Error('no usable key in the set');
      this.cached = { keys, at: this.now() };
      this.failure = undefined;
      return keys;
    } catch (cause) {
      const error = new Error(`fetching JWKS ${url} failed: ${(cause as Error).message}`, { cause });
      this.failure = { error, at: this.now() };
      logger.warn({ jwksUrl: url, error: error.message }, 'JWKS fetch failed');
      throw error;
    }
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

/** Reads the body as UTF-8, refusing more than `max` bytes without reading them all. */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) throw new Error(`the JWKS is ${declared} bytes, more than ${max}`);
  const bytes = await readCappedBody(response.body, max);
  if (bytes === undefined) throw new Error(`the JWKS is more than ${max} bytes`);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
