#!/usr/bin/env node
// Tries the demo profile against a running STS (`npm start`), with the demo credentials of demo/README.md.
//
//   node demo/try.mjs issue    [--as username|x509|jwt|idp] [--endpoint PATH] [--applies-to URI] [--token-type saml2|saml11|jwt|URI] [--save DIR]
//                              [--on-behalf-of username|idp | --act-as username|idp] [--claim URI ...] [CLIENT]
//   node demo/try.mjs validate [--as idp|jwt|username] [--endpoint PATH] [--token-type status|saml2|saml11|jwt|URI] [--applies-to URI] [CLIENT]
//   node demo/try.mjs renew    [--id TOKEN-ID | --token FILE]
//   node demo/try.mjs cancel   [--id TOKEN-ID | --token FILE]
//   node demo/try.mjs exchange [--as jwt|idp|access-token] [--grant token-exchange|jwt-bearer|saml2-bearer] [--token-type access_token|jwt|saml2|saml1|URI] [--applies-to URI]
//   node demo/try.mjs --help
//
// --as names the credential (issue) or the token to validate (validate): the demo user joe, the demo client
// certificate, a JWT from the demo JWT issuer, or a SAML 2.0 assertion from the demo IdP (both minted here
// with the demo keys). `exchange` posts to the OAuth token endpoint as the demo client (demo-client / demo-secret,
// HTTP Basic): an RFC 8693 exchange of the --as token, or an RFC 7523 / 7522 grant of a demo JWT / assertion.
// renew and cancel act as joe at /idp/sts.wst on a stored token of urn:example:sp: by reference (--id, the
// assertion's ID), by value (--token FILE, e.g. the assertion.xml of --save), or, with neither, on a renewable
// token (wst:Renewing OK="true") they first issue for joe. renew prints the new token, cancel "cancelled".
// --on-behalf-of / --act-as (issue): a request signed with the demo client certificate (the demo delegation rule)
// asks for a token on behalf of / acting as joe (a UsernameToken) or alice (a demo IdP assertion); --claim asks
// for one claim (identity dialect ClaimType URI; repeat it for more).
// CLIENT authenticates the caller at the WS-Trust face (README "Client authentication"): --basic USER:SECRET
// sends HTTP Basic (the demo client: --basic demo-wsc:demo-wsc-secret, which urn:example:sp-basic requires);
// --cert FILE --key FILE present a TLS client certificate (PEM) to an https:// STS_URL, whose certificate
// --ca FILE names (default .dev-keys/tls-cert.pem, the development one).
// --save DIR writes the issued token (assertion.xml, or token.jwt) and the STS signing
// certificate from its JWKS (cert.pem) into DIR, for xmlsec1. The server: STS_URL, else http://127.0.0.1:STS_PORT
// (default port 9031). Prints the token or the fault; exits 1 on a fault or when no STS answers.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { TokenType } from '@sts/sdk';
import { buildCancelRequest, buildIssueRequest, buildRenewRequest, exchangeToken, jwtSecurityToken, parseIssueResponse, StsClient, usernameTokenXml } from '@sts/sdk/client';
import { el, NS } from '@sts/sdk/xml';
import { demoAccessToken, demoIdpAssertion, demoIssuerJwt } from './demo-tokens.mjs';

const demo = dirname(fileURLToPath(import.meta.url));
// The usage text is the comment at the top of this file.
const HELP = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1).filter((line, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('//'))).map((line) => line.replace(/^\/\/ ?/, '')).join('\n');
const read = (...path) => readFileSync(join(demo, ...path), 'utf8');
const TOKEN_TYPES = { saml2: TokenType.Saml20, saml11: TokenType.Saml11, jwt: TokenType.Jwt, status: TokenType.Status };

const { positionals, values } = parseOptions();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const [command = 'issue'] = positionals;
const server = (process.env.STS_URL ?? `http://127.0.0.1:${process.env.STS_PORT || 9031}`).replace(/\/+$/, '');
if (command === 'exchange') process.exit(await exchange());
if (command === 'renew' || command === 'cancel') process.exit(await lifecycle(command));
if (command !== 'issue' && command !== 'validate') usage(`unknown command ${command}`);
const delegated = command === 'issue' ? delegation() : undefined;
const as = values.as ?? (command === 'issue' ? (delegated ? 'x509' : 'username') : 'idp');
const defaults = {
  username: ['/idp/sts.wst', 'urn:example:sp'],
  x509: ['/idp/sts.wst', 'urn:example:sp'],
  jwt: ['/pf/sts.wst', 'urn:example:translated'],
  idp: ['/sp/sts.wst', 'urn:example:local-app'],
}[as];
if (!defaults) usage(`unknown --as ${as}`);
const endpoint = `${server}${values.endpoint ?? defaults[0]}`;
const appliesTo = values['applies-to'] ?? (command === 'issue' ? defaults[1] : undefined);
const tokenType = values['token-type'] && (TOKEN_TYPES[values['token-type']] ?? values['token-type']);
const client = new StsClient({ endpoint, fetch: clientFetch() });

const now = new Date();
const token =
  as === 'jwt' ? jwtSecurityToken(await demoIssuerJwt(now)) : as === 'idp' ? await demoIdpAssertion(now) : as === 'username' && command === 'validate' ? usernameToken() : undefined;
const credential =
  command === 'validate' ? {} : as === 'username' ? { username: 'joe', password: '2Federate' } : as === 'x509' ? { x509: { certificatePem: read('x509', 'demo-client.pem'), privateKeyPem: read('x509', 'demo-client-key.pem') } } : { token };
const common = {
  ...(appliesTo ? { appliesTo } : {}),
  ...(tokenType ? { tokenType } : {}),
  ...(delegated ? { [delegated.kind]: await delegated.token() } : {}),
  ...(values.claim ? { claims: values.claim.map((uri) => ({ uri })) } : {}),
};

const reply = await reachable(() => (command === 'issue' ? client.issue({ ...common, ...credential }) : client.validate({ ...common, target: token })));
console.error(`${command} at ${endpoint} (as ${as}): HTTP ${reply.httpStatus}`);
if (!reply.ok) {
  console.log(JSON.stringify(reply.fault, null, 2));
  process.exit(1);
}
if (reply.status) console.log(`status: ${reply.status.valid ? 'valid' : 'invalid'}${reply.status.reason ? ` (${reply.status.reason})` : ''}`);
const issued = command === 'issue' ? reply : reply.token;
if (issued) {
  console.error(`token type: ${issued.tokenType}; valid until ${issued.lifetime?.expires.toISOString()}`);
  console.log(issued.tokenValue ?? issued.token);
  if (values.save) await save(values.save, issued);
}

function parseOptions() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        as: { type: 'string' },
        endpoint: { type: 'string' },
        'applies-to': { type: 'string' },
        'token-type': { type: 'string' },
        save: { type: 'string' },
        grant: { type: 'string' },
        id: { type: 'string' },
        token: { type: 'string' },
        'on-behalf-of': { type: 'string' },
        'act-as': { type: 'string' },
        claim: { type: 'string', multiple: true },
        basic: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        ca: { type: 'string' },
      },
    });
  } catch (error) {
    usage(error.message);
  }
}

/**
 * The fetch the client posts with: the global one, plus the --basic Authorization header; with --cert and
 * --key, node:https with that client certificate (the global fetch cannot present one).
 */
function clientFetch() {
  const authorization = values.basic === undefined ? {} : { authorization: basicAuthorization(values.basic) };
  if ((values.cert === undefined) !== (values.key === undefined)) usage('--cert and --key go together');
  if (values.cert === undefined) return (url, init) => fetch(url, { ...init, headers: { ...init.headers, ...authorization } });
  const tls = { cert: readFileSync(values.cert), key: readFileSync(values.key), ca: readFileSync(values.ca ?? '.dev-keys/tls-cert.pem') };
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method: init.method, headers: { ...init.headers, ...authorization }, signal: init.signal, ...tls }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: Object.entries(res.headers).filter(([, v]) => typeof v === 'string') })));
      });
      req.on('error', reject);
      req.end(init.body);
    });
}

/** RFC 7617: USER:SECRET as given (the WS-Trust face does not form-decode, unlike OAuth's client_secret_basic). */
function basicAuthorization(userColonSecret) {
  if (!userColonSecret.includes(':')) usage('--basic takes USER:SECRET');
  return `Basic ${Buffer.from(userColonSecret, 'utf8').toString('base64')}`;
}

/** The OAuth face: token exchange through the SDK's exchangeToken(), the assertion grants as a plain form POST. */
async function exchange() {
  const tokenEndpoint = `${server}/as/token.oauth2`;
  const client = { id: 'demo-client', secret: 'demo-secret' };
  const grant = values.grant ?? 'token-exchange';
  const now = new Date();
  const oauthType = (name) => (name.includes(':') ? name : `urn:ietf:params:oauth:token-type:${name}`);
  if (grant === 'jwt-bearer' || grant === 'saml2-bearer') {
    const assertion = grant === 'jwt-bearer' ? await demoIssuerJwt(now, {}, tokenEndpoint) : Buffer.from(await demoIdpAssertion(now, { audience: tokenEndpoint })).toString('base64url');
    const res = await reachable(() => fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: `urn:ietf:params:oauth:grant-type:${grant}`, assertion }),
    }));
    console.error(`${grant} grant at ${tokenEndpoint}: HTTP ${res.status}`);
    console.log(await res.text());
    return res.ok ? 0 : 1;
  }
  if (grant !== 'token-exchange') usage(`unknown --grant ${grant}`);
  const as = values.as ?? 'jwt';
  const subjects = {
    jwt: async () => [await demoIssuerJwt(now), 'urn:ietf:params:oauth:token-type:jwt'],
    idp: async () => [Buffer.from(await demoIdpAssertion(now)).toString('base64url'), 'urn:ietf:params:oauth:token-type:saml2'],
    'access-token': async () => [await demoAccessToken(now), 'urn:ietf:params:oauth:token-type:access_token'],
  };
  if (!subjects[as]) usage(`unknown --as ${as}`);
  const [subjectToken, subjectTokenType] = await subjects[as]();
  const reply = await reachable(() => exchangeToken({
    tokenEndpoint,
    client,
    subjectToken,
    subjectTokenType,
    audience: values['applies-to'] ?? 'urn:example:sp',
    ...(values['token-type'] ? { requestedTokenType: oauthType(values['token-type']) } : {}),
  }));
  console.error(`token exchange at ${tokenEndpoint} (as ${as}): HTTP ${reply.httpStatus}`);
  if (!reply.ok) {
    console.log(JSON.stringify(reply, null, 2));
    return 1;
  }
  console.error(`issued token type: ${reply.issuedTokenType}; token_type ${reply.tokenType}; expires in ${reply.expiresIn} s`);
  // RFC 8693 section 3: a SAML token comes base64url-encoded; print the XML.
  console.log(/saml[12]$/.test(reply.issuedTokenType) ? Buffer.from(reply.accessToken, 'base64url').toString('utf8') : reply.accessToken);
  return 0;
}

/** Renew or Cancel (README "Renew and Cancel") of a stored token of urn:example:sp, as joe. */
async function lifecycle(operation) {
  const endpoint = `${server}/idp/sts.wst`;
  const credential = { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' };
  let target = values.id !== undefined ? { tokenId: values.id } : values.token !== undefined ? readFileSync(values.token, 'utf8').trim() : undefined;
  if (target === undefined) {
    const reply = parseIssueResponse(await post(endpoint, buildIssueRequest({ endpoint, appliesTo: 'urn:example:sp', credential, renewing: { allow: true, ok: true } })));
    if (!reply.ok) return fault(reply.fault);
    const tokenId = /\sID="([^"]+)"/.exec(reply.token)[1];
    console.error(`issued renewable token ${tokenId} for joe (valid until ${reply.lifetime?.expires.toISOString()}); now the ${operation}`);
    target = { tokenId };
  }
  const build = operation === 'renew' ? buildRenewRequest : buildCancelRequest;
  const { status, text } = await post(endpoint, build({ endpoint, target, credential }), true);
  console.error(`${operation} at ${endpoint}: HTTP ${status}`);
  if (operation === 'cancel' && status === 200 && /:RequestedTokenCancelled\s*\/>/.test(text)) {
    console.log('cancelled');
    return 0;
  }
  const reply = parseIssueResponse(text);
  if (!reply.ok) return fault(reply.fault);
  console.error(`token type: ${reply.tokenType}; valid until ${reply.lifetime?.expires.toISOString()}`);
  console.log(reply.tokenValue ?? reply.token);
  return 0;
}

/** POSTs a built request; the reply text (and, with `withStatus`, the HTTP status). */
async function post(endpoint, built, withStatus = false) {
  const headers = { 'content-type': built.contentType, ...(built.soapAction ? { soapaction: built.soapAction } : {}) };
  const res = await reachable(() => fetch(endpoint, { method: 'POST', body: built.body, headers }));
  const text = await res.text();
  return withStatus ? { status: res.status, text } : text;
}

function fault(details) {
  console.log(JSON.stringify(details, null, 2));
  return 1;
}

/** --on-behalf-of or --act-as: which element, and the demo token it carries (minted when the request is built). */
function delegation() {
  if (values['on-behalf-of'] && values['act-as']) usage('--on-behalf-of and --act-as exclude each other');
  const name = values['on-behalf-of'] ?? values['act-as'];
  if (name === undefined) return undefined;
  const tokens = {
    username: async () => usernameTokenXml({ username: 'joe', password: '2Federate', passwordType: 'digest' }),
    idp: async () => demoIdpAssertion(new Date()),
  };
  if (!tokens[name]) usage(`unknown delegated token ${name} (username or idp)`);
  return { kind: values['on-behalf-of'] ? 'onBehalfOf' : 'actAs', token: tokens[name] };
}

function usage(problem) {
  console.error(`try.mjs: ${problem}\n${HELP}`);
  process.exit(2);
}

/** Runs a request; when no STS answers, says so in one line (not a stack trace) and exits 1. */
async function reachable(request) {
  try {
    return await request();
  } catch (error) {
    let cause = error;
    while (cause?.cause) cause = cause.cause; // the client and fetch nest the socket error (ECONNREFUSED) in causes
    cause = cause?.code ?? cause?.message;
    console.error(`try.mjs: no STS answers at ${server} (${cause}); start it with npm start, or set STS_URL or STS_PORT`);
    process.exit(1);
  }
}

/** Writes the token and the signing certificate the JWKS publishes (first x5c entry, as PEM) for xmlsec1. */
async function save(dir, issued) {
  mkdirSync(dir, { recursive: true });
  const tokenFile = join(dir, issued.tokenValue ? 'token.jwt' : 'assertion.xml');
  writeFileSync(tokenFile, issued.tokenValue ?? issued.token);
  const jwks = await reachable(async () => (await fetch(`${server}/.well-known/jwks.json`)).json());
  const der = jwks.keys[0].x5c[0];
  writeFileSync(join(dir, 'cert.pem'), `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`);
  console.error(`saved ${tokenFile} and ${join(dir, 'cert.pem')}`);
}

function usernameToken() {
  return el('wsse:UsernameToken', { xmlns: { wsse: NS.wsse } }, [el('wsse:Username', {}, ['joe']), el('wsse:Password', {}, ['2Federate'])]).toString();
}
