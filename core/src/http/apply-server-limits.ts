/**
 * Explicit connection limits on one HTTP or HTTPS listener (issue 7; security-rules.md section 1 row 20: an
 * unauthenticated client must not be able to hold server resources). With Node's defaults (60 s for a request
 * head, 300 s for a request, no connection cap) 1,100 slow clients held every file descriptor and cut off
 * valid requests. The lead's process code calls this on each listener it creates.
 *
 * - `headersTimeout`, `requestTimeout`, `keepAliveTimeout`, `maxRequestsPerSocket` and `maxConnections` are
 *   Node's own settings, set explicitly;
 * - Node checks the head and request timeouts only every `connectionsCheckingInterval` (30 s, fixed when the
 *   server starts listening, so it cannot be changed here), so each connection also gets its own deadline: a
 *   request head not complete `headersTimeoutMs` after the connection opened (or after the previous response
 *   plus the keep-alive time), or a request not complete `requestTimeoutMs` after that same start, destroys the
 *   connection on time;
 * - after `maxRequestsPerSocket` responses (the last one says `Connection: close`) the connection is ended;
 * - the socket inactivity timeout (`server.timeout`) is `requestTimeoutMs`: a client that stops reading its
 *   response is dropped too;
 * - per client: a Map from remote address to its open connections (counted on 'connection', released on
 *   'close'); a connection over `maxConnectionsPerClient` is destroyed at once, before any byte is parsed.
 *
 * Drops are logged as `connection.dropped` at most once per reason every 10 s, with the count since the last
 * line, so a flood cannot turn into a log flood.
 *
 * For HTTPS the deadlines run on the TLS socket (from 'secureConnection'); the TLS handshake itself is bounded
 * by the `handshakeTimeout` option given when the server is created.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import type { Logger } from '@sts/sdk';
import type { ServerLimits } from '../config/kernel-config.js';

const APPLIED = Symbol('sts.serverLimits');
const LOG_EVERY_MS = 10_000;

type DropReason = 'max-connections-per-client' | 'headers-timeout' | 'request-timeout';

interface Deadline {
  timer?: NodeJS.Timeout;
  /** When the current request's clock started (connection open, or end of the previous response). */
  start: number;
  /** Keep-alive time added after a response: the next request may wait that long before it starts. */
  grace: number;
  /** Responses finished on this connection. */
  served: number;
}

export function applyServerLimits(server: HttpServer | HttpsServer, limits: ServerLimits, logger: Logger): void {
  const marked = server as unknown as Record<symbol, boolean>;
  if (marked[APPLIED]) throw new Error('server limits are already applied to this server');
  marked[APPLIED] = true;
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) throw new RangeError('requestTimeoutMs must be at least headersTimeoutMs');

  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.requestTimeoutMs;

  const report = dropReporter(logger);
  const perClient = new Map<string, number>();
  const deadlines = new WeakMap<Socket, Deadline>();

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const open = perClient.get(address) ?? 0;
    if (open >= limits.maxConnectionsPerClient) {
      socket.destroy();
      report('max-connections-per-client', address);
      return;
    }
    perClient.set(address, open + 1);
    socket.once('close', () => {
      const left = (perClient.get(address) ?? 1) - 1;
      if (left <= 0) perClient.delete(address);
      else perClient.set(address, left);
    });
  });

  const arm = (socket: Socket, deadline: Deadline, afterMs: number, reason: DropReason): void => {
    clearTimeout(deadline.timer);
    const wait = Math.max(0, deadline.start + deadline.grace + afterMs - Date.now());
    deadline.timer = setTimeout(() => {
      if (socket.destroyed) return;
      socket.destroy();
      report(reason, socket.remoteAddress ?? 'unknown');
    }, wait).unref();
  };

  // The socket that carries HTTP: the TLS socket for HTTPS, the TCP socket otherwise.
  server.on(server instanceof TlsServer ? 'secureConnection' : 'connection', (socket: Socket) => {
    if (socket.destroyed) return;
    const deadline: Deadline = { start: Date.now(), grace: 0, served: 0 };
    deadlines.set(socket, deadline);
    arm(socket, deadline, limits.headersTimeoutMs, 'headers-timeout');
    socket.once('close', () => clearTimeout(deadline.timer));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const deadline = deadlines.get(socket);
    if (!deadline) return;
    // The head is complete; the body must follow within the request timeout.
    if (req.complete) clearTimeout(deadline.timer);
    else {
      arm(socket, deadline, limits.requestTimeoutMs, 'request-timeout');
      const requestTimer = deadline.timer;
      // Only this timer: Node may finish reading an unread body after the response, when the next deadline runs.
      req.once('end', () => {
        if (deadline.timer === requestTimer) clearTimeout(requestTimer);
      });
    }
    res.once('finish', () => {
      if (socket.destroyed) return;
      deadline.served += 1;
      // Node answers the last allowed request with Connection: close but then keeps the socket open for the
      // keep-alive time plus a second; the connection is done, so end it now.
      if (deadline.served >= limits.maxRequestsPerSocket) {
        clearTimeout(deadline.timer);
        socket.end();
        return;
      }
      deadline.start = Date.now();
      deadline.grace = limits.keepAliveTimeoutMs;
      arm(socket, deadline, limits.headersTimeoutMs, 'headers-timeout');
    });
  });
}

/** One warn line per reason at most every 10 s, carrying how many drops it stands for. */
function dropReporter(logger: Logger): (reason: DropReason, clientAddress: string) => void {
  const pending = new Map<DropReason, { count: number; lastLogged: number }>();
  return (reason, clientAddress) => {
    const entry = pending.get(reason) ?? { count: 0, lastLogged: 0 };
    entry.count += 1;
    pending.set(reason, entry);
    const now = Date.now();
    if (now - entry.lastLogged < LOG_EVERY_MS) return;
    logger.warn({ event: 'connection.dropped', reason, count: entry.count, clientAddress }, 'connection dropped');
    entry.count = 0;
    entry.lastLogged = now;
  };
}
