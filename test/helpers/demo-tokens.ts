/**
 * Tokens from the demo profile's partners (demo/README.md), minted by demo/demo-tokens.mjs, the same module
 * `node demo/try.mjs` uses: a JWT and an access token from the demo JWT issuer and a SAML 2.0 assertion from the demo IdP.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

interface DemoTokens {
  demoIssuerJwt(now: Date, claims?: Record<string, unknown>, audience?: string): Promise<string>;
  demoAccessToken(now: Date, claims?: Record<string, unknown>): Promise<string>;
  demoIdpAssertion(
    now: Date,
    options?: { audience?: string; subject?: string; attributes?: Record<string, string[]>; keyPem?: string; certPem?: string; minutesAfter?: number; actor?: string },
  ): Promise<string>;
}

const tokens = (await import(pathToFileURL(join(REPO_ROOT, 'demo', 'demo-tokens.mjs')).href)) as DemoTokens;

export const demoIssuerJwt = tokens.demoIssuerJwt;
export const demoIdpAssertion = tokens.demoIdpAssertion;
export const demoAccessToken = tokens.demoAccessToken;
