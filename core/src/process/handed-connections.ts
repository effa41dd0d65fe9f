/**
 * A worker's side of the connection dealing (connection-dealer.ts): its servers never listen; the primary
 * hands it each accepted socket, which goes to the server of that listener as if it had accepted it.
 *
 * Every handed connection's close is reported, once, so that the primary's count stays true: also one
 * refused here, over its server's `maxConnections` (`server.limits.maxConnections`, set by
 * apply-server-limits.ts; Node checks it only for connections a server accepts itself), after draining began, for a listener this worker does not serve, or a message that came without its
 * socket (the client was gone before the primary sent it; the primary counted it all the same).
 */
import type { Server, Socket } from 'node:net';
import type { ListenerName } from './worker-messages.js';

interface Served {
  readonly server: Server;
  open: number;
}

export class HandedConnections {
  private readonly served = new Map<ListenerName, Served>();
  private refusing = false;

  constructor(private readonly reportClosed: () => void) {}

  /** Connections handed for `listener` go to `server`, at most its `maxConnections` open at once. */
  serve(listener: ListenerName, server: Server): void {
    this.served.set(listener, { server, open: 0 });
  }

  /** Draining: any connection handed from now on is closed (none should come: the primary stopped first). */
  refuseFromNow(): void {
    this.refusing = true;
  }

  adopt(listener: ListenerName, socket: Socket | undefined): void {
    const served = this.served.get(listener);
    if (socket === undefined || served === undefined || this.refusing || served.open >= served.server.maxConnections) {
      this.reportClosed();
      socket?.destroy();
      return;
    }
    served.open += 1;
    socket.once('close', () => {
      served.open -= 1;
      this.reportClosed();
    });
    served.server.emit('connection', socket);
    socket.resume();
  }
}
