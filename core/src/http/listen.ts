/**
 * Binds a server, turning a bind failure (port in use, not permitted) into a coded startup error.
 */
import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { StartupError, StartupErrorCode } from '../errors.js';

export async function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  try {
    await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, host, () => ok()));
  } catch (error) {
    throw new StartupError(StartupErrorCode.LISTEN_FAILED, `${what} ${host}:${port}: ${(error as Error).message}`, { cause: error });
  }
  return (server.address() as AddressInfo).port;
}
