/**
 * The running processor: reads the token (read-bearer-token.ts), then either checks it as an RFC 9068 JWT
 * with the authorization server's keys or asks the authorization server (RFC 7662), and returns its subject
 * and claims. An access token is a bearer credential meant for reuse until it expires, so no replay cache:
 * a resource server (here, the STS) accepts it as often as it is presented (RFC 6750 section 1.2).
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock, ProcessedToken, ReceivedToken, StsIdentity, TokenProcessor } from '@sts/sdk';
import { checkJwtAccessToken } from './check-jwt-access-token.js';
import { claimsToProcessed } from './claims-to-attributes.js';
import type { OAuthBearerProcessorConfig } from './config-schema.js';
import { introspectToken, type FetchFunction } from './introspect-token.js';
import { readBearerToken } from './read-bearer-token.js';

/** What the processor runs with. @public */
export interface OAuthBearerProcessorContext {
  readonly config: Readonly<OAuthBearerProcessorConfig>;
  readonly clock: Clock;
  readonly stsIdentity: StsIdentity;
  /** Replaces the global fetch for introspection. For tests only. */
  readonly fetch?: FetchFunction;
}

/** Reads keys and secrets (throwing an Error naming what is unusable) and returns the processor. @public */
export function createOAuthBearerProcessor(context: OAuthBearerProcessorContext): TokenProcessor {
  const { config, clock } = context;
  const check = config.jwt ? jwtCheck(context) : introspection(context);
  return {
    async process(token: ReceivedToken): Promise<ProcessedToken> {
      return claimsToProcessed(await check(readBearerToken(token, config.maxTokenBytes), clock.now()));
    },
  };
}

type Check = (token: string, now: Date) => Promise<Record<string, unknown>>;

function jwtCheck({ config, stsIdentity }: OAuthBearerProcessorContext): Check {
  const jwt = config.jwt!;
  let keys: JWTVerifyGetKey;
  if (jwt.jwksUrl !== undefined) {
    requireSecureUrl(jwt.jwksUrl, 'jwt.jwksUrl');
    keys = createRemoteJWKSet(new URL(jwt.jwksUrl));
  } else {
    const jwks = JSON.parse(readFileSync(jwt.jwksFile!, 'utf8')) as JSONWebKeySet;
    if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) throw new Error(`${jwt.jwksFile}: no keys`);
    keys = createLocalJWKSet(jwks);
  }
  const audiences = jwt.audiences.length > 0 ? jwt.audiences : [stsIdentity.entityId, ...stsIdentity.audiences];
  return (token, now) => checkJwtAccessToken(token, { config: jwt, keys, audiences, clockSkewSeconds: config.clockSkewSeconds, now }) as Promise<Record<string, unknown>>;
}

function introspection({ config, fetch: fetchFunction }: OAuthBearerProcessorContext): Check {
  const settings = config.introspection!;
  requireSecureUrl(settings.endpoint, 'introspection.endpoint');
  const clientSecret = readFileSync(settings.clientSecretFile, 'utf8').trim();
  if (clientSecret === '') throw new Error(`${settings.clientSecretFile}: empty client secret`);
  const call = fetchFunction ?? ((input: string, init: RequestInit) => fetch(input, init));
  return (token, now) => introspectToken(token, { config: settings, clientSecret, fetch: call, clockSkewSeconds: config.clockSkewSeconds, now });
}

/** Tokens and client secrets travel only over TLS, except to this machine (tests, a local sidecar AS). */
function requireSecureUrl(value: string, name: string): void {
  const url = new URL(value);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error(`${name} must be https (http only on loopback)`);
  if (url.username !== '' || url.password !== '') throw new Error(`${name} must not carry credentials`);
}
