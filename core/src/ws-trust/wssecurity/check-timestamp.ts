/**
 * wsu:Timestamp rules (WSS 1.1 section 10; BSP 1.1 R3203, R3221, R3222, R3224, R3225, R3226, R3213, R3217;
 * freshness defaults from security-rules.md section 6.1):
 * - exactly one Created, at most one Expires, nothing else; no ValueType; UTC with seconds below 60;
 * - Created not older than maxAgeSeconds and not further ahead than futureSkewSeconds;
 * - Expires after Created, not passed, and at most maxValiditySeconds after Created.
 * Malformed is InvalidRequest; out of date is ExpiredData.
 */
import { ExpiredDataError, InvalidRequestError } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import { elementChildren, textContent } from '../soap/read-envelope.js';
import type { KernelConfig } from '../../config/kernel-config.js';

const UTC_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):([0-5]\d)(\.\d{1,9})?Z$/;

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
  const created = readTime(first);
  const expires = second ? readTime(second) : undefined;
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

function readTime(element: XmlDomElement): Date {
  if (element.attrs().some((a) => a.name() === 'ValueType')) throw new InvalidRequestError('Timestamp values carry no ValueType (BSP R3225)');
  const text = textContent(element, element.name());
  const m = UTC_DATE_TIME.exec(text);
  if (!m) throw new InvalidRequestError(`${element.name()} is not an xs:dateTime in UTC: ${text}`);
  const date = new Date(text);
  // Date accepts 2026-02-30 by rolling over; refuse values that do not round-trip.
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3]) || date.getUTCHours() !== Number(m[4])) {
    throw new InvalidRequestError(`${element.name()} is not a valid date: ${text}`);
  }
  return date;
}
