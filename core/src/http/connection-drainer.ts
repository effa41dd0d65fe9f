/**
 * Closes one listener's connections without cutting an answer short, for a draining worker (reload, recycle,
 * SIGTERM). Node's own `server.close()` first runs `closeIdleConnections()`, which destroys a connection whose
 * answer is `finished` (handed to the socket) but not yet flushed to a slow reader: the client gets half an
 * answer. Here:
 *
 * - a listening server stops accepting with `net.Server.close` (no idle sweep); a worker's servers do not
 *   listen (the primary hands them connections and stops before it says drain);
 * - while draining, every answer says `Connection: close` (the caller sets it), so Node ends those connections
 *   itself once the answer is flushed;
 * - a connection with no request in flight is ended (FIN after any pending bytes, never a reset) when it has
 *   already been answered (a keep-alive connection: RFC 9112 section 9.6 lets a server close an idle one), or
 *   when it has been open `firstRequestGraceMs` without starting one (as Go's `Shutdown` gives new connections);
 * - whatever is still open when the caller's grace period ends is destroyed (`destroyAll`).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

const SWEEP_MS = 100;

interface Tracked {
  readonly openedAt: number;
  inFlight: number;
  answered: number;
}

export class ConnectionDrainer {
  private readonly connections = new Map<Socket, Tracked>();
  /** Every TCP connection of this server until it closes (for HTTPS, also one still in its handshake). */
  private readonly open = new Set<Socket>();
  private allClosed: (() => void) | undefined;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly server: Server,
    private readonly firstRequestGraceMs = 1000,
  ) {
    server.on('connection', (socket: Socket) => {
      this.open.add(socket);
      socket.once('close', () => {
        this.open.delete(socket);
        if (this.open.size === 0) this.allClosed?.();
      });
    });
    // The socket that carries HTTP: the TLS socket for HTTPS, the TCP socket otherwise.
    server.on(server instanceof TlsServer ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.connections.set(socket, { openedAt: Date.now(), inFlight: 0, answered: 0 });
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const tracked = this.connections.get(req.socket);
      if (tracked === undefined) return;
      tracked.inFlight += 1;
      // 'close' comes after the answer is flushed, or when the connection went away first.
      res.once('close', () => {
        tracked.inFlight -= 1;
        tracked.answered += 1;
      });
    });
  }

  /** Stops accepting; resolves once every connection of this server has closed. */
  drain(): Promise<void> {
    if (this.server.listening) NetServer.prototype.close.call(this.server);
    const closed = new Promise<void>((ok) => {
      this.allClosed = ok;
      if (this.open.size === 0) ok();
    });
    this.endIdle();
    this.sweep = setInterval(() => this.endIdle(), SWEEP_MS);
    this.sweep.unref();
    return closed.finally(() => clearInterval(this.sweep));
  }

  /** The grace period is over: drop what is left. */
  destroyAll(): void {
    clearInterval(this.sweep);
    for (const socket of this.connections.keys()) socket.destroy();
  }

  private endIdle(): void {
    const now = Date.now();
    for (const [socket, tracked] of this.connections) {
      if (tracked.inFlight > 0 || socket.writableEnded) continue;
      if (tracked.answered > 0 || now - tracked.openedAt >= this.firstRequestGraceMs) socket.end();
    }
  }
}
