/**
 * Renew, Cancel and batch requests for the tests (README "Renew and Cancel", "Batch requests"). The SDK
 * client builds Issue and Validate only, so these start from a valid request it built and make the named
 * edits (each checked by replaceOnce to change exactly one thing): a Validate becomes a Renew or Cancel, an
 * Issue gains wst:Renewing, several RSTs go into one RequestSecurityTokenCollection.
 */
import { buildValidateRequest, parseIssueResponse, type IssueCredential, type IssueSuccess } from '@sts/sdk/client';
import { expect } from 'chai';
import { bodyText, editBody, send, validRequest, withAction, type RawRequest, type ValidRequestOptions } from './issue-request.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_USERS, tempDir } from './paths.js';
import { demoInstances, startTestSts, type TestSts, type TestStsOptions } from './start-test-sts.js';

export const WST13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';
export const WST2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust';
const SAML_ID = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

export const JOE: IssueCredential = { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' };

/** A valid Issue request with wst:Renewing (Allow and OK as given; an attribute left out when undefined). */
export function renewingIssueRequest(t: TestSts, renewing: { allow?: boolean; ok?: boolean } = { ok: true }, options: ValidRequestOptions = {}): RawRequest {
  const request = validRequest(t, options);
  const ns = options.trustVersion === '2005' ? WST2005 : WST13;
  const attrs = `${renewing.allow === undefined ? '' : ` Allow="${renewing.allow}"`}${renewing.ok === undefined ? '' : ` OK="${renewing.ok}"`}`;
  return editBody(request, `<wst:RequestType>${ns}/Issue</wst:RequestType>`, `<wst:RequestType>${ns}/Issue</wst:RequestType><wst:Renewing${attrs}/>`);
}

/** Issues a renewable token for joe on urn:example:sp and returns the reply. */
export async function issueRenewable(t: TestSts, renewing: { allow?: boolean; ok?: boolean } = { ok: true }, options: ValidRequestOptions = {}): Promise<IssueSuccess> {
  const res = await send(t, renewingIssueRequest(t, renewing, options));
  expect(res.status, res.body).to.equal(200);
  const reply = parseIssueResponse(res.body);
  if (!reply.ok) throw new Error(`issue refused: ${JSON.stringify(reply.fault)}`);
  return reply;
}

/** A SecurityTokenReference to a SAML token ID, as our RSTR's references carry it. */
export function referenceTo(tokenId: string): string {
  return `<wsse:SecurityTokenReference xmlns:wsse="${WSSE}"><wsse:KeyIdentifier ValueType="${SAML_ID}">${tokenId}</wsse:KeyIdentifier></wsse:SecurityTokenReference>`;
}

export interface LifecycleRequestOptions {
  readonly credential?: IssueCredential;
  readonly soapVersion?: '1.1' | '1.2';
  readonly trustVersion?: '1.3' | '2005';
}

/** A Renew (or Cancel) request whose RenewTarget (CancelTarget) holds `target` (a token or a reference). */
export function lifecycleRequest(t: TestSts, operation: 'Renew' | 'Cancel', target: string, options: LifecycleRequestOptions = {}): RawRequest {
  const ns = options.trustVersion === '2005' ? WST2005 : WST13;
  const built = buildValidateRequest({
    endpoint: t.endpoint,
    target,
    tokenType: null,
    credential: options.credential ?? JOE,
    soapVersion: options.soapVersion ?? '1.2',
    trustVersion: options.trustVersion ?? '1.3',
    now: () => t.clock.now(),
  });
  let request: RawRequest = { body: built.body, contentType: built.contentType, headers: built.soapAction === undefined ? {} : { SOAPAction: built.soapAction } };
  request = withAction(request, `${ns}/RST/Validate`, `${ns}/RST/${operation}`);
  request = editBody(request, `<wst:RequestType>${ns}/Validate</wst:RequestType>`, `<wst:RequestType>${ns}/${operation}</wst:RequestType>`);
  request = editBody(request, '<wst:ValidateTarget>', `<wst:${operation}Target>`);
  return editBody(request, '</wst:ValidateTarget>', `</wst:${operation}Target>`);
}

/** The RST element of a request (to put several into one collection). */
export function rstOf(request: RawRequest): string {
  const match = /<wst:RequestSecurityToken(?:\s[^>]*)?>[\s\S]*<\/wst:RequestSecurityToken>/.exec(bodyText(request));
  if (!match) throw new Error('no RST in the request');
  return match[0];
}

/**
 * A RequestSecurityTokenCollection: the envelope of `outer` (its Security header and addressing) with its RST
 * replaced by `rsts`, under the Batch action of `operation`.
 */
export function batchRequest(outer: RawRequest, rsts: readonly string[], operation: 'Issue' | 'Validate' | 'Renew' | 'Cancel', ns = WST13): RawRequest {
  const action = /<wsa:Action[^>]*>([^<]+)<\/wsa:Action>/.exec(bodyText(outer))![1]!;
  const body = bodyText(outer).replace(rstOf(outer), () => `<wst:RequestSecurityTokenCollection>${rsts.join('')}</wst:RequestSecurityTokenCollection>`);
  return withAction({ ...outer, body }, action, `${ns}/RST/Batch${operation}`);
}

/** The ID attribute of a SAML 2.0 assertion. */
export function assertionId(xml: string): string {
  const match = /<(?:\w+:)?Assertion\b[^>]*\sID="([^"]+)"/.exec(xml);
  if (!match) throw new Error('no assertion ID');
  return match[1]!;
}

/** Another demo user (same password as joe), so a test has a second requester. */
export const ANN: IssueCredential = { kind: 'username', username: 'ann', password: '2Federate', passwordType: 'text' };

/** The demo STS with a users file that also holds ann (a copy of joe's entry under another name). */
export function startLifecycleSts(options: TestStsOptions = {}): Promise<TestSts> {
  const users = JSON.parse(readFileSync(DEMO_USERS, 'utf8')) as { users: { username: string }[] };
  users.users.push({ ...users.users.find((u) => u.username === 'joe')!, username: 'ann' });
  const file = join(tempDir('users'), 'users.json');
  writeFileSync(file, JSON.stringify(users));
  const instances = demoInstances().map((i) => (i['id'] === 'username' ? { ...i, config: { ...i['config'], usersFile: file } } : i));
  return startTestSts({ instances, ...options });
}
