/**
 * The operators' listener (`server.admin`, 127.0.0.1:9032 by default), apart from the public port:
 *   GET /healthz  liveness: the primary answers, so the process is alive
 *   GET /readyz   readiness: plug-ins and keys loaded, state backend reachable (503 with a JSON reason otherwise)
 *   GET /metrics  Prometheus text format, aggregated over all workers
 * Plain node:http: the primary loads no Koa app and parses no XML. Its own error boundary answers 500 without
 * a stack.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@sts/sdk';
import type { Readiness } from './readiness.js';

export interface AdminSources {
  readiness(): Promise<Readiness>;
  /** The Prometheus text exposition and its content type. */
  metrics(): Promise<{ text: string; contentType: string }>;
}

type Route = (sources: AdminSources) => Promise<{ status: number; type: string; body: string }>;

const json = (status: number, value: unknown) => ({ status, type: 'application/json', body: JSON.stringify(value) + '\n' });

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/healthz', async () => json(200, { status: 'ok' })],
  ['/readyz', async (sources) => {
    const readiness = await sources.readiness();
    return json(readiness.ready ? 200 : 503, readiness);
  }],
  ['/metrics', async (sources) => {
    const { text, contentType } = await sources.metrics();
    return { status: 200, type: contentType, body: text };
  }],
]);

export function createAdminServer(sources: AdminSources, logger: Logger): Server {
  return createServer((req, res) => void answer(req, res, sources, logger));
}

async function answer(req: IncomingMessage, res: ServerResponse, sources: AdminSources, logger: Logger): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://admin').pathname;
  const route = ROUTES.get(path);
  let reply: { status: number; type: string; body: string };
  if (route === undefined) reply = json(404, { error: 'not found' });
  else if (req.method !== 'GET' && req.method !== 'HEAD') reply = json(405, { error: 'method not allowed' });
  else {
    try {
      reply = await route(sources);
    } catch (error) {
      logger.error({ path, err: (error as Error).message }, 'admin request failed');
      reply = json(500, { error: 'internal error' });
    }
  }
  req.resume();
  res.writeHead(reply.status, { 'content-type': reply.type, 'cache-control': 'no-store', ...(reply.status === 405 ? { allow: 'GET, HEAD' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}
