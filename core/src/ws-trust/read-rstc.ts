/**
 * Reads a RequestSecurityTokenCollection (WS-Trust 1.3 section 4.3) up to the point where each RST is read on
 * its own: the whole batch is refused (wst:InvalidRequest) when it holds anything but RSTs, more RSTs than
 * `batch.maxRequests`, an RST in another WS-Trust namespace than the collection's (a mix of versions), or
 * RSTs of different operations (as Apache CXF: a batch is BatchIssue, BatchValidate, BatchRenew or
 * BatchCancel). The count is checked before any RST is validated, so an oversized batch costs nothing.
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import type { XmlDomElement } from '@sts/sdk/xml';
import { elementChildren } from './soap/read-envelope.js';
import type { TrustOperation } from './trust-operation.js';
import { trustVersionOf, type TrustVersion } from './trust-version.js';

export interface RstCollection {
  readonly version: TrustVersion;
  /** The operation every RST asks for. */
  readonly operation: TrustOperation['name'];
  /** The RST elements, in order. */
  readonly items: readonly XmlDomElement[];
}

export function isRstCollection(bodyChild: XmlDomElement): boolean {
  return bodyChild.name() === 'RequestSecurityTokenCollection' && trustVersionOf(bodyChild.namespace()?.href()) !== undefined;
}

export function readRstCollection(collection: XmlDomElement, maxRequests: number): RstCollection {
  const version = trustVersionOf(collection.namespace()?.href())!;
  const items = elementChildren(collection, 'RequestSecurityTokenCollection');
  if (items.length === 0) throw new InvalidRequestError('the RequestSecurityTokenCollection is empty');
  if (items.length > maxRequests) throw new InvalidRequestError(`the batch holds ${items.length} requests, more than batch.maxRequests (${maxRequests})`);
  const operations = new Set<TrustOperation['name']>();
  for (const item of items) {
    const ns = item.namespace()?.href();
    if (item.name() !== 'RequestSecurityToken') throw new InvalidRequestError(`the batch holds ${quoteForLog(item.name())}, not an RST`);
    if (ns !== version.namespace) throw new InvalidRequestError(`the batch mixes WS-Trust versions: an RST in ${quoteForLog(ns ?? '(none)')} inside a collection in ${version.namespace}`);
    operations.add(operationOf(item, version));
  }
  if (operations.size !== 1) throw new InvalidRequestError(`the batch mixes operations (${[...operations].join(', ')})`);
  return { version, operation: [...operations][0]!, items };
}

/** The operation an RST's RequestType names, in its Batch form or its plain one. */
function operationOf(rst: XmlDomElement, version: TrustVersion): TrustOperation['name'] {
  const requestTypes = elementChildren(rst, 'RequestSecurityToken').filter((c) => c.name() === 'RequestType' && c.namespace()?.href() === version.namespace);
  const value = requestTypes.length === 1 ? requestTypes[0]!.text().trim() : undefined;
  for (const name of ['issue', 'validate', 'renew', 'cancel'] as const) {
    if (value === version.requestTypes[name] || value === version.batch[name].requestType) return name;
  }
  throw new InvalidRequestError(`an RST in the batch has RequestType ${value === undefined ? '(none or several)' : quoteForLog(value)}`);
}
