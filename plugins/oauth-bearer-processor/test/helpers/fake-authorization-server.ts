/**
 * A local fake authorization server on a loopback port: its JWKS at /jwks, RFC 7662 introspection at
 * /introspect (client `sts` / `sts-secret`, Basic), and a signer for its RFC 9068 access tokens.
 */
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

export const AS_ISSUER = 'https://as.test';
export const AS_CLIENT = { id: 'sts', secret: 'sts-secret' } as const;

export interface FakeAuthorizationServer {
  readonly base: string;
  readonly jwks: object;
  /** Answers of the introspection endpoint by token; anything else is inactive. */
  readonly active: Map<string, Record<string, unknown>>;
  /** How many introspection requests arrived, and with which Authorization header. */
  readonly calls: string[];
  accessToken(now: Date, change?: { typ?: string; aud?: string; iss?: string; exp?: number; key?: 'other' }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeAuthorizationServer(): Promise<FakeAuthorizationServer> {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'as-1', use: 'sig', alg: 'RS256' }] };
  const active = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  const expected = `Basic ${Buffer.from(`${AS_CLIENT.id}:${AS_CLIENT.secret}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/jwks') return res.end(JSON.stringify(jwks));
      if (req.url === '/introspect' && req.method === 'POST') {
        calls.push(req.headers.authorization ?? '');
        if (req.headers.authorization !== expected) {
          res.statusCode = 401;
          return res.end(JSON.stringify({ error: 'invalid_client' }));
        }
        const token = new URLSearchParams(body).get('token') ?? '';
        return res.end(JSON.stringify(active.get(token) ?? { active: false }));
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    jwks,
    active,
    calls,
    accessToken(now, change = {}) {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ client_id: 'app', scope: 'read write' })
        .setProtectedHeader({ alg: 'RS256', kid: 'as-1', typ: change.typ ?? 'at+jwt' })
        .setIssuer(change.iss ?? AS_ISSUER)
        .setSubject('joe')
        .setAudience(change.aud ?? 'urn:example:sts')
        .setIssuedAt(iat)
        .setExpirationTime(change.exp ?? iat + 300)
        .setJti(randomUUID())
        .sign(change.key === 'other' ? other.privateKey : key.privateKey);
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
