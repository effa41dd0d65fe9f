/**
 * Reads the optional `PartnerSpId` query parameter: given at most once, and non-empty.
 */
import type { ParameterizedContext } from 'koa';
import { MetadataError } from './metadata-error.js';
import { PARTNER_PARAMETER } from './paths.js';

export function partnerSpIdOf(ctx: Pick<ParameterizedContext, 'query'>): string | undefined {
  const value = ctx.query[PARTNER_PARAMETER];
  if (Array.isArray(value)) throw new MetadataError(400, `${PARTNER_PARAMETER} given more than once`);
  if (value === '') throw new MetadataError(400, `${PARTNER_PARAMETER} is empty`);
  return value;
}
