/**
 * Turns a proof-key request into the key a token is bound to, under the policy's `proofKeys` (README "Proof
 * keys"; security-rules.md section 1 row 32: per-partner KeyType, bounded KeySize and Entropy):
 * - the key type must be allowed, and a request naming none gets the policy's default;
 * - symmetric: KeySize within the bounds; with requestor entropy (its size within the same bounds) the STS
 *   adds as much entropy of its own and the key is P_SHA1(requestor entropy, issuer entropy) (WS-Trust 1.3
 *   section 4.4.4), else the STS makes the whole key; either way the token carries it encrypted to the
 *   partner's certificate, without which nothing is issued (never a bearer token instead);
 * - public: the UseKey must be proven by the request's signature unless the policy allows it unproven.
 * Every refusal comes before the generator runs.
 */
import { randomBytes } from 'node:crypto';
import { BadRequestError, InvalidRequestError, type ProofKey } from '@sts/sdk';
import { pSha1 } from '@sts/sdk/encryption';
import type { IssuancePolicy } from '../config/kernel-config.js';
import type { EncryptionCertificates } from '../policy/encryption-certificates.js';
import type { IssuedProof, IssueQuery, ProofKeyQuery } from './exchange-request.js';

export interface ResolvedProofKey {
  /** What the generator binds the token to; absent for bearer. */
  readonly proofKey?: ProofKey;
  readonly proof: IssuedProof;
}

type Resolve<Q extends ProofKeyQuery> = (query: Q, policy: IssuancePolicy, deps: { certificates: EncryptionCertificates; now: Date }) => ResolvedProofKey;

const RESOLVERS: { readonly [T in ProofKeyQuery['type']]: Resolve<Extract<ProofKeyQuery, { type: T }>> } = {
  bearer: () => ({ proof: { type: 'bearer' } }),
  symmetric: (query, policy, { certificates, now }) => {
    const { min, max } = policy.proofKeys.keySize;
    const bits = query.keySizeBits ?? policy.proofKeys.keySize.default;
    if (bits < min || bits > max || bits % 8 !== 0) throw new InvalidRequestError(`KeySize ${bits} is outside ${min} to ${max} bits (or not whole bytes)`);
    const recipient = certificates.recipientFor(policy, now, 'a symmetric proof key');
    const entropy = query.requestorEntropy;
    if (entropy !== undefined && (entropy.length * 8 < min || entropy.length * 8 > max)) {
      throw new InvalidRequestError(`requestor Entropy of ${entropy.length * 8} bits is outside ${min} to ${max} bits`);
    }
    const bytes = bits / 8;
    const issuerEntropy = entropy === undefined ? undefined : randomBytes(bytes);
    const key = entropy === undefined ? randomBytes(bytes) : pSha1(entropy, issuerEntropy!, bytes);
    return {
      proofKey: { type: 'symmetric', key, recipient },
      proof: { type: 'symmetric', key, keySizeBits: bits, ...(issuerEntropy === undefined ? {} : { issuerEntropy }) },
    };
  },
  public: (query, policy) => {
    if (!query.proven && !policy.proofKeys.allowUnsignedUseKey) throw new BadRequestError('UseKey without a signature by that key, and the connection requires proof of possession');
    return {
      proofKey: { type: 'public', publicKey: query.publicKey, ...(query.certificate === undefined ? {} : { certificate: query.certificate }) },
      proof: { type: 'public' },
    };
  },
};

export function resolveProofKey(query: IssueQuery['proofKey'], policy: IssuancePolicy, deps: { certificates: EncryptionCertificates; now: Date }): ResolvedProofKey {
  const asked: ProofKeyQuery = query === undefined ? { type: 'bearer' } : query === 'connection-default' ? defaultQuery(policy) : query;
  if (!policy.proofKeys.allowed.includes(asked.type)) throw new BadRequestError(`${policy.id} does not allow key type ${asked.type}`);
  return (RESOLVERS[asked.type] as Resolve<ProofKeyQuery>)(asked, policy, deps);
}

/** A request naming no key type gets the policy's default; a public key cannot be a default (UseKey is needed). */
function defaultQuery(policy: IssuancePolicy): ProofKeyQuery {
  const type = policy.proofKeys.default;
  if (type === 'public') throw new InvalidRequestError(`${policy.id} defaults to PublicKey, which needs a UseKey in the request`);
  return { type };
}
