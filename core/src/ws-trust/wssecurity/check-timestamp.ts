/**
 * wsu:Timestamp rules (WSS 1.1 section 10; BSP 1.1 R3203, R3221, R3222, R3224, R3225, R3226, R3213, R3217;
 * freshness defaults from security-rules.md section 6.1):
 * - exactly one Created, at most one Expires, nothing else; no ValueType;
 * - each time read by the SDK's one xs:dateTime reader (parseXsDateTime): a zone is required (`Z` or an
 *   offset, read at the instant it names: R3217/R3223 ask for UTC, and `+00:00` is UTC), seconds below 60
 *   (R3213), at most `maxFractionalDigits` fractional digits (default 7; R3220/R3229 say senders should use 3);
 * - Created not older than maxAgeSeconds and not further ahead than futureSkewSeconds;
 * - Expires after Created, not passed, and at most maxValiditySeconds after Created.
 * Malformed is InvalidRequest; out of date is ExpiredData.
 */
import { ExpiredDataError, InvalidRequestError, quoteForLog } from '@sts/sdk';
import { NS, parseXsDateTime, type XmlDomElement } from '@sts/sdk/xml';
import { elementChildren, textContent } from '../soap/read-envelope.js';
import type { KernelConfig } from '../../config/kernel-config.js';

export type TimestampPolicy = KernelConfig['security']['timestamp'];

export interface CheckedTimestamp {
  readonly created: Date;
  readonly expires?: Date;
}

export function checkTimestamp(timestamp: XmlDomElement, policy: TimestampPolicy, now: Date): CheckedTimestamp {
  const children = elementChildren(timestamp, 'wsu:Timestamp');
  const [first, second, ...rest] = children;
  if (!first || rest.length > 0 || !isWsu(first, 'Created') || (second && !isWsu(second, 'Expires'))) {
    throw new InvalidRequestError('Timestamp must hold one Created and at most one Expires (BSP R3203, R3222, R3224)');
  }
  const created = readTime(first, policy.maxFractionalDigits);
  const expires = second ? readTime(second, policy.maxFractionalDigits) : undefined;
  if (!expires && policy.requireExpires) throw new InvalidRequestError('Timestamp has no Expires');
  const t = now.getTime();
  if (created.getTime() > t + policy.futureSkewSeconds * 1000) throw new ExpiredDataError(`Timestamp Created ${created.toISOString()} is in the future`);
  if (created.getTime() < t - policy.maxAgeSeconds * 1000) throw new ExpiredDataError(`Timestamp Created ${created.toISOString()} is too old`);
  if (expires) {
    if (expires.getTime() <= created.getTime()) throw new InvalidRequestError('Timestamp Expires is not after Created (BSP R3221)');
    if (expires.getTime() <= t) throw new ExpiredDataError(`Timestamp expired at ${expires.toISOString()}`);
    if (expires.getTime() - created.getTime() > policy.maxValiditySeconds * 1000) {
      throw new InvalidRequestError(`Timestamp validity exceeds ${policy.maxValiditySeconds} s`);
    }
  }
  return expires ? { created, expires } : { created };
}

function isWsu(element: XmlDomElement, name: string): boolean {
  return element.namespace()?.href() === NS.wsu && element.name() === name;
}

function readTime(element: XmlDomElement, maxFractionalDigits: number): Date {
  if (element.attrs().some((a) => a.name() === 'ValueType')) throw new InvalidRequestError('Timestamp values carry no ValueType (BSP R3225)');
  const text = textContent(element, element.name());
  const read = parseXsDateTime(text, { maxFractionalDigits });
  if (!read.ok) throw new InvalidRequestError(`Timestamp ${element.name()} ${quoteForLog(text)} ${read.problem}`);
  return read.time;
}
