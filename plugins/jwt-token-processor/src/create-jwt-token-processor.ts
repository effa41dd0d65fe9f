/**
 * The running processor: one `process()` per JWT, in this order (security-rules.md section 3.4, RFC 8725):
 *
 * 1. the BinarySecurityToken: ValueType, EncodingType (Base64Binary or none), size cap (`readCompactJwt`);
 * 2. compact JWS form only (a JWE is refused), header and claims set decoded as strict UTF-8 JSON objects
 *    without duplicate member names (`parseUnverifiedJwt`);
 * 3. the protected header: `alg` (never none or HS*), no `jku`/`x5u`/`jwk`/`x5c`/`crit`, plain `kid`
 *    (`checkProtectedHeader`);
 * 4. the unverified `iss` chooses the issuer's key set and nothing else; the `alg` must be on that issuer's
 *    allow-list; the `kid` is looked up in that set only (`selectKeys`);
 * 5. the signature, with each candidate key in turn (`jwsSignatureVerifies`, node:crypto); the exact token
 *    already verified under one of the candidates skips steps 2 and 5 (`VerifiedJwts`: decoded parts and keys
 *    kept by the compact form; every other step runs);
 * 6. the registered claims (`checkRegisteredClaims`): `iss`, `aud` (the STS identities and the configured extra
 *    audiences), `exp`, `nbf`, presence of `iss`, `aud`, `exp`, `iat`, `sub`, `typ` when required, all with
 *    `clockSkewSeconds` of tolerance; then `iat` not in the future, `sub` a non-empty string, `jti` a string.
 *
 * Every refusal is `InvalidSecurityTokenError` (WS-Trust 1.3 section 11 `wst:InvalidSecurityToken`); the
 * message says which rule, for the log only.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  quoteForLog,
  InvalidSecurityTokenError,
  readActClaim,
  type Clock,
  type Logger,
  type ProcessedToken,
  type ReceivedToken,
  type StateStore,
  type StsIdentity,
  type TokenProcessor,
} from '@sts/sdk';
import { checkProtectedHeader } from './check-protected-header.js';
import { checkRegisteredClaims } from './check-registered-claims.js';
import { claimsToAttributes } from './claims-to-attributes.js';
import type { JwtIssuerConfig, JwtTokenProcessorConfig } from './config-schema.js';
import { StaticKeySource, type KeySource } from './key-source.js';
import { parseUnverifiedJwt } from './parse-unverified-jwt.js';
import { readCertificateKeys } from './read-certificate-keys.js';
import { readCompactJwt } from './read-compact-jwt.js';
import { readJwks } from './read-jwks.js';
import { RemoteJwks, type FetchFunction } from './remote-jwks.js';
import { selectKeys } from './select-keys.js';
import { VerifiedJwts } from './verified-jwts.js';
import { jwsSignatureVerifies } from './verify-compact-jws.js';

/** What `create()` gets from the kernel. @public */
export interface JwtTokenProcessorContext {
  readonly config: Readonly<JwtTokenProcessorConfig>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly stsIdentity: StsIdentity;
  /** The replay cache of `jti` values; the plug-in's create() always passes the kernel's. */
  readonly stateStore?: StateStore;
  /** Replaces the global `fetch` for `jwksUrl`. For tests only: the plug-in's `create()` never sets it. */
  readonly fetch?: FetchFunction;
}

interface TrustedIssuer {
  readonly config: JwtIssuerConfig;
  readonly keys: KeySource;
}

/** The claims set once its signature verified; the registered claims' types as checkRegisteredClaims left them. */
type Claims = Readonly<Record<string, unknown>> & { readonly iat?: number; readonly exp?: number; readonly sub?: unknown; readonly jti?: unknown };

/** The replay-cache namespace of JWT ids. */
export const JTI_REPLAY_NAMESPACE = 'jwt-id';

/**
 * Reads every issuer's keys (throwing an Error naming the file, URL or issuer when one is unusable) and
 * returns the processor.
 * @public
 */
export async function createJwtTokenProcessor(context: JwtTokenProcessorContext): Promise<TokenProcessor> {
  const { config, logger, clock, stsIdentity } = context;
  const issuers = new Map<string, TrustedIssuer>();
  for (const issuerConfig of config.issuers) {
    if (issuers.has(issuerConfig.issuer)) throw new Error(`issuer ${issuerConfig.issuer} is listed twice`);
    issuers.set(issuerConfig.issuer, { config: issuerConfig, keys: await keySource(issuerConfig, context) });
  }
  const audiences = [...new Set([...stsIdentity.audiences, ...config.audiences])];
  if (audiences.length === 0) throw new Error('no audience: the STS identity has none and config.audiences is empty');

  const verified = new VerifiedJwts();

  async function processToken(token: ReceivedToken): Promise<ProcessedToken> {
    const compact = readCompactJwt(token, config.maxTokenBytes);
    const known = verified.get(compact);
    const parts = known ?? parseUnverifiedJwt(compact);
    const { header, payload } = parts;
    const checked = checkProtectedHeader(header);

    const iss = payload['iss'];
    if (typeof iss !== 'string') throw new InvalidSecurityTokenError('the JWT has no iss (string) claim');
    const issuer = issuers.get(iss);
    if (!issuer) throw new InvalidSecurityTokenError(`the JWT issuer ${quoteForLog(typeof iss === 'string' ? iss : JSON.stringify(iss))} is not trusted`);
    if (!issuer.config.algorithms.includes(checked.alg)) {
      throw new InvalidSecurityTokenError(`alg ${checked.alg} is not allowed for issuer ${iss} (allowed: ${issuer.config.algorithms.join(', ')})`);
    }
    const now = clock.now();
    const candidates = await selectKeys(issuer.keys, iss, checked, now);
    const signer =
      candidates.find((candidate) => known?.keys.has(candidate.key) === true) ??
      candidates.find((candidate) => jwsSignatureVerifies(compact, checked.alg, candidate.key));
    if (signer === undefined) throw new InvalidSecurityTokenError('the JWT signature does not verify');
    verified.remember(compact, parts, signer.key);
    // Verified: from here on the claims set is the issuer's.
    const claims = payload as Claims;
    checkRegisteredClaims(header, claims, {
      iss,
      audiences,
      now,
      clockSkewSeconds: config.clockSkewSeconds,
      ...(config.requiredType === undefined ? {} : { requiredType: config.requiredType }),
    });

    const nowSeconds = Math.floor(now.getTime() / 1000);
    const iat = claims.iat!;
    if (iat > nowSeconds + config.clockSkewSeconds) throw new InvalidSecurityTokenError(`the JWT iat ${iat} is in the future`);
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidSecurityTokenError('the JWT sub is not a non-empty string');
    if (claims.jti !== undefined && typeof claims.jti !== 'string') throw new InvalidSecurityTokenError('the JWT jti is not a string');

    // A JWT used as a credential is accepted once per jti until it expires (RFC 7519 section 4.1.7); a
    // status-only Validate does not consume it. A JWT without jti cannot be tracked (document it).
    if (claims.jti !== undefined && token.purpose === 'use' && context.stateStore) {
      const ttl = Math.max(1, claims.exp! - nowSeconds + config.clockSkewSeconds);
      if (!(await context.stateStore.putIfAbsent(JTI_REPLAY_NAMESPACE, `${iss}\u0000${claims.jti}`, ttl))) {
        throw new InvalidSecurityTokenError(`JWT ${quoteForLog(claims.jti)} from ${iss} was already used (replay)`);
      }
    }

    const actor = readActClaim(claims['act']);
    const { attributes, skipped } = claimsToAttributes(claims);
    if (skipped.length > 0) logger.debug({ issuer: iss, claims: skipped }, 'JWT claims without a string form skipped');
    return Object.freeze({
      subject: claims.sub,
      attributes,
      authnInstant: new Date(iat * 1000),
      issuer: iss,
      ...(claims.jti === undefined ? {} : { tokenId: claims.jti }),
      expires: new Date(claims.exp! * 1000),
      ...(actor === undefined ? {} : { actor }),
    });
  }

  return { process: processToken };
}

async function keySource(issuer: JwtIssuerConfig, context: JwtTokenProcessorContext): Promise<KeySource> {
  if (issuer.jwksUrl !== undefined) {
    return new RemoteJwks({
      url: issuer.jwksUrl,
      cacheSeconds: issuer.jwksCacheSeconds,
      timeoutSeconds: issuer.jwksTimeoutSeconds,
      algorithms: issuer.algorithms,
      clock: context.clock,
      logger: context.logger,
      fetch: context.fetch ?? ((input, init) => fetch(input, init)),
    });
  }
  if (issuer.jwksFile !== undefined) {
    const path = resolve(process.cwd(), issuer.jwksFile);
    const { keys, skipped } = readJwks(await readFile(path, 'utf8'), path, issuer.algorithms);
    for (const reason of skipped) context.logger.warn({ issuer: issuer.issuer, reason }, 'JWKS key skipped');
    if (keys.length === 0) throw new Error(`JWKS ${path} holds no key usable with ${issuer.algorithms.join(', ')}`);
    return new StaticKeySource(keys);
  }
  if (issuer.certificateFiles !== undefined) {
    return new StaticKeySource(await readCertificateKeys(issuer.certificateFiles, issuer.algorithms));
  }
  throw new Error(`issuer ${issuer.issuer} has no jwksFile, jwksUrl or certificateFiles`);
}
