/**
 * The OAuth face's front door (RFC 6749 section 3.2 and 4.1.3): a POST body of type
 * `application/x-www-form-urlencoded` (any other type is refused with 415), read with the kernel's size cap
 * (413 beyond), strict UTF-8, decoded by WHATWG URLSearchParams. RFC 6749 section 3.2 says request
 * parameters MUST NOT be included more than once: a repeated name is invalid_request, never "first wins".
 */
import { quoteForLog } from '@sts/sdk';
import type { Middleware } from 'koa';
import { TextDecoder } from 'node:util';
import { readBody } from '../http/read-body.js';
import type { StsState } from '../http/sts-state.js';
import { OAuthError } from './oauth-error.js';

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** The parameters of one request, each named once. */
export type FormParameters = ReadonlyMap<string, string>;

export interface FormState extends StsState {
  form: FormParameters;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readForm(maxBytes: number): Middleware<FormState> {
  return async (ctx, next) => {
    const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
    if (type !== FORM_MEDIA_TYPE) {
      ctx.req.resume();
      throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded', { status: 415, detail: `content type ${quoteForLog(type)}` });
    }
    const bytes = await readBody(ctx.req, maxBytes);
    ctx.state.form = parseForm(bytes);
    await next();
  };
}

export function parseForm(bytes: Buffer): FormParameters {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new OAuthError('invalid_request', 'The body is not UTF-8', { cause: error });
  }
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    // The name only: it is one of ours or junk, never a token; the value may be a secret.
    if (form.has(name)) throw new OAuthError('invalid_request', 'A parameter is repeated', { detail: `parameter ${quoteForLog(name)} repeated` });
    form.set(name, value);
  }
  return form;
}

/** A parameter that must be present and non-empty (RFC 6749 section 3.2: an empty value counts as absent). */
export function required(form: FormParameters, name: string): string {
  const value = optional(form, name);
  if (value === undefined) throw new OAuthError('invalid_request', `The ${name} parameter is missing`);
  return value;
}

export function optional(form: FormParameters, name: string): string | undefined {
  const value = form.get(name);
  return value === undefined || value === '' ? undefined : value;
}
