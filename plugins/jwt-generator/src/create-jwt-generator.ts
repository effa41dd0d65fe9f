/**
 * The running generator: checks the lifetime, builds the claims, signs them as a compact JWS
 * (RFC 7515 section 7.1) with the STS signing key (sign-compact-jws.ts).
 */
import {
  checkIssueLifetime,
  randomBase64Url,
  RequestFailedError,
  TokenType,
  ServerFailureError,
  type Clock,
  type IssuedToken,
  type IssueRequest,
  type SigningKey,
  type SigningKeys,
  type TokenGenerator,
} from '@sts/sdk';
import { buildClaims } from './build-claims.js';
import { checkKeyFitsAlgorithm } from './check-key-fits-algorithm.js';
import type { JwtGeneratorConfig } from './config-schema.js';
import { signCompactJws } from './sign-compact-jws.js';

/** What the generator runs with. @public */
export interface JwtGeneratorContext {
  readonly config: Readonly<JwtGeneratorConfig>;
  readonly keys: SigningKeys;
  readonly clock: Clock;
}

/**
 * Creates the generator for one plug-in instance. Throws (a boot error) when the configured key, or the
 * active key when none is configured, cannot sign with the configured algorithm, or when profile `at+jwt`
 * has no `clientId`.
 * @public
 */
export function createJwtGenerator({ config, keys, clock }: JwtGeneratorContext): TokenGenerator {
  if (config.profile === 'at+jwt' && config.clientId === undefined) {
    throw new Error('profile at+jwt needs clientId (RFC 9068 section 2.2 requires the client_id claim)');
  }
  const bootKey = keys.get(config.kid);
  const problem = checkKeyFitsAlgorithm(bootKey.privateKey, config.algorithm);
  if (problem) throw new Error(`signing key ${bootKey.kid} cannot sign ${config.algorithm}: ${problem}`);
  // RFC 8725 section 3.11 (explicit typing); RFC 9068 section 2.1 fixes "at+jwt" for access tokens.
  const typ = config.profile === 'at+jwt' ? 'at+jwt' : 'JWT';

  function signingKey(request: IssueRequest): SigningKey {
    const kid = config.kid ?? request.signingKeyId;
    if (kid === undefined || kid === bootKey.kid) return bootKey;
    let key: SigningKey;
    try {
      key = keys.get(kid);
    } catch (error) {
      throw new ServerFailureError(`unknown signing key ${JSON.stringify(kid)}`, { cause: error });
    }
    const mismatch = checkKeyFitsAlgorithm(key.privateKey, config.algorithm);
    if (mismatch) throw new ServerFailureError(`signing key ${key.kid} cannot sign ${config.algorithm}: ${mismatch}`);
    return key;
  }

  return {
    async issue(request: IssueRequest): Promise<IssuedToken> {
      // An empty or past window could never be accepted; issuing it would only hide a mapping or clock error.
      checkIssueLifetime(request, clock.now());
      // RFC 9068 section 2.1: an access token is typed at+jwt, so a resource server cannot take an ID token
      // or another JWT for one; an instance of the plain profile never issues one.
      if (request.tokenType === TokenType.AccessToken && config.profile !== 'at+jwt') {
        throw new RequestFailedError('an access token needs a jwt-generator instance with profile at+jwt');
      }
      const key = signingKey(request);
      // RFC 7519 section 4.1.7: a unique identifier; 128 random bits make a collision negligible.
      const jti = randomBase64Url(16);
      const claims = buildClaims(request, { jti, ...(config.clientId === undefined ? {} : { clientId: config.clientId }) });
      const text = signCompactJws({ alg: config.algorithm, typ, kid: key.kid }, claims, key.privateKey);
      return { tokenType: request.tokenType, text, id: jti, created: request.issuedAt, expires: request.notOnOrAfter };
    },
  };
}
