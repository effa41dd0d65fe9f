/**
 * The RequestType → operation map of the WS-Trust face (WS-Trust 1.3 section 3.1 RequestType), built once
 * at boot: Issue, Validate, Renew and Cancel (sections 4, 7, 8 and 10), their URIs in trust-version.ts.
 */
import type { TokenExchange } from '../exchange/token-exchange.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { issueOperation } from './issue-operation.js';
import type { TrustOperation } from './trust-operation.js';
import type { TrustVersion } from './trust-version.js';
import { validateOperation } from './validate-operation.js';
import { renewOperation } from './renew-operation.js';
import { cancelOperation } from './cancel-operation.js';

export type TrustOperations = ReadonlyMap<TrustOperation['name'], TrustOperation>;

export function trustOperations(exchange: TokenExchange, registry: PluginRegistry): TrustOperations {
  const operations = [issueOperation(exchange, registry), validateOperation(exchange, registry), renewOperation(exchange), cancelOperation(exchange)];
  return new Map(operations.map((op) => [op.name, op]));
}

/** The operation a RequestType URI of this version names, or undefined (wst:BadRequest). */
export function operationFor(operations: TrustOperations, version: TrustVersion, requestType: string): TrustOperation | undefined {
  const entry = Object.entries(version.requestTypes).find(([, uri]) => uri === requestType);
  return entry === undefined ? undefined : operations.get(entry[0] as TrustOperation['name']);
}
