/**
 * The primary's listeners. It accepts each connection without reading from it (`pauseOnConnect`) and hands the
 * socket to the worker that holds the fewest open connections (least-connections.ts); the worker reports when
 * it closes. This replaces node:cluster's round robin, which gave a connection to whichever worker answered
 * first and left a few long keep-alive connections on one core (README "Processes").
 *
 * A connection that finds no worker to take it (every worker gone at once, or the STS stopping) is closed,
 * as a closed port would be: nothing is queued in the primary.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { listen } from '../http/listen.js';
import { LeastConnections } from './least-connections.js';
import type { ListenerName, ToWorker } from './worker-messages.js';

/** Where a listener binds; the configured port (0 picks a free one). */
export interface ListenerAddress {
  readonly host: string;
  readonly port: number;
}

/** A worker as the dealer sees it: the one call it needs. */
export interface ConnectionTarget {
  /** Sends the socket as the message's handle; `done` gets the error when it could not be sent. */
  send(message: ToWorker, socket: Socket, done: (error: Error | null) => void): void;
}

interface Bound {
  readonly server: Server;
  readonly address: ListenerAddress;
  readonly port: number;
}

const WHAT: Readonly<Record<ListenerName, string>> = { http: 'HTTP listener', https: 'HTTPS listener' };

export class ConnectionDealer {
  private readonly bound = new Map<ListenerName, Bound>();
  private readonly chooser = new LeastConnections<number>();
  private readonly targets = new Map<number, { readonly target: ConnectionTarget; readonly slot: number }>();

  constructor(
    private readonly logger: Logger,
    registry: Registry,
  ) {
    const targets = this.targets;
    const chooser = this.chooser;
    new Gauge({
      name: 'sts_worker_connections',
      help: 'Connections the primary handed to each current worker and that are still open',
      labelNames: ['slot'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [id, open] of chooser.counts()) this.set({ slot: String(targets.get(id)?.slot ?? '') }, open);
      },
    });
  }

  /**
   * Binds the listeners `wanted` names that are not bound at that address yet, then closes those it no longer
   * names or has moved (their open connections stay with their workers). All or nothing: if one bind fails,
   * what this call bound is closed again and the error (`STS_ERR_LISTEN_FAILED`) is thrown. Returns each
   * listener's port.
   */
  async listen(wanted: ReadonlyMap<ListenerName, ListenerAddress>): Promise<Map<ListenerName, number>> {
    const fresh = new Map<ListenerName, Bound>();
    try {
      for (const [name, address] of wanted) {
        if (sameAddress(this.bound.get(name)?.address, address)) continue;
        const server = createServer({ pauseOnConnect: true }, (socket) => this.deal(name, socket));
        const port = await listen(server, address.port, address.host, WHAT[name]);
        // An accept that fails later (out of file descriptors) is logged; the listener keeps going.
        server.on('error', (error) => this.logger.error({ listener: name, err: error.message }, 'accepting a connection failed'));
        fresh.set(name, { server, address, port });
      }
    } catch (error) {
      for (const { server } of fresh.values()) server.close();
      throw error;
    }
    for (const [name, old] of this.bound) {
      if (fresh.has(name) || !wanted.has(name)) {
        old.server.close();
        this.bound.delete(name);
      }
    }
    for (const [name, bound] of fresh) this.bound.set(name, bound);
    return new Map([...this.bound].map(([name, bound]) => [name, bound.port]));
  }

  /** The worker `id` (in `slot`) takes connections from now on. */
  add(id: number, slot: number, target: ConnectionTarget): void {
    this.targets.set(id, { target, slot });
    this.chooser.add(id);
  }

  /** The worker `id` gets no more connections; any hand-off already sent reaches it before a later message. */
  remove(id: number): void {
    this.chooser.remove(id);
    this.targets.delete(id);
  }

  /** The worker `id` reports that one of its connections closed. */
  closed(id: number): void {
    this.chooser.closed(id);
  }

  /** Stops accepting on every listener (shutdown). */
  close(): void {
    for (const { server } of this.bound.values()) server.close();
    this.bound.clear();
  }

  private deal(listener: ListenerName, socket: Socket): void {
    const id = this.chooser.pick();
    const entry = id === undefined ? undefined : this.targets.get(id);
    if (id === undefined || entry === undefined) {
      socket.destroy();
      return;
    }
    entry.target.send({ type: 'connection', listener }, socket, (error) => {
      if (error === null) return;
      // The worker went away between the choice and the send: the connection is lost, as it would be on it.
      this.chooser.closed(id);
      socket.destroy();
      this.logger.warn({ listener, err: error.message }, 'handing a connection to a worker failed');
    });
  }
}

function sameAddress(a: ListenerAddress | undefined, b: ListenerAddress): boolean {
  return a !== undefined && a.host === b.host && a.port === b.port;
}

/** The listeners a config asks for: `server.host`/`port`, and `server.tls` when HTTPS is on. */
export function listenerAddresses(server: KernelConfig['server']): Map<ListenerName, ListenerAddress> {
  const wanted = new Map<ListenerName, ListenerAddress>([['http', { host: server.host, port: server.port }]]);
  if (server.tls) wanted.set('https', { host: server.tls.host ?? server.host, port: server.tls.port });
  return wanted;
}
