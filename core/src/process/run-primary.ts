/**
 * `sts start`: the primary process. It validates the config and the manifest, prepares what workers must not
 * race to create (the development signing key and TLS certificate), starts one worker per core, serves the
 * admin listener, and answers signals:
 *   SIGHUP          reload: validate both files, start a new generation, drain the old one; an invalid file
 *                   is logged with its code and the old generation keeps serving
 *   SIGTERM/SIGINT  stop accepting, let workers finish within server.shutdownGraceMs, exit 0
 */
import cluster from 'node:cluster';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import type { Logger } from '@sts/sdk';
import { createAdminServer } from '../admin/admin-server.js';
import { StartupError } from '../errors.js';
import { listen } from '../http/listen.js';
import { loadTlsCredentials } from '../http/tls-credentials.js';
import { loadSigningKeys } from '../keys/load-signing-keys.js';
import { formatBanner } from './banner.js';
import { listenerAddresses } from './connection-dealer.js';
import { StateCheckpoints } from './state-checkpoints.js';
import { workerExecArgv } from './worker-exec-argv.js';
import { readGeneration, type Generation } from './generation.js';
import { Supervisor } from './supervisor.js';

export interface PrimaryOptions {
  readonly configFile: string;
  readonly manifestFile: string;
  /** The script workers run (main.js). */
  readonly workerScript: string;
}

export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const generation = readGeneration(1, options.configFile, options.manifestFile);
  const { config } = generation;
  const logger: Logger = pino({ level: config.logging.level, base: { service: 'sts', role: 'primary' } });
  // SIGHUP's default action ends the process, so one handler is installed before anything else and never swapped:
  // removing it and adding another would lose a signal that arrives in between (libuv hands it to the closed handle).
  let primary: Primary | undefined;
  process.on('SIGHUP', () => (primary ? void primary.reload() : logger.warn({}, 'reload ignored: the STS is still starting')));
  const warnings = await prepareSharedFiles(generation);

  cluster.setupPrimary({ exec: options.workerScript, args: [], execArgv: workerExecArgv(process.execArgv, process.env) });
  const supervisor = new Supervisor(generation, logger);
  const checkpoints = new StateCheckpoints(supervisor.registry, logger);
  checkpoints.follow(config);
  // The admin port is bound first: a clash there stops the start before any worker runs.
  const admin = config.server.admin.enabled ? await listenAdmin(supervisor, logger, config.server.admin) : undefined;
  let listening;
  let ports;
  try {
    listening = await supervisor.startGeneration(generation);
    // The workers are ready before the ports open: no connection waits for a worker to boot.
    ports = await supervisor.dealer.listen(listenerAddresses(config.server));
  } catch (error) {
    admin?.close();
    checkpoints.close();
    await supervisor.shutdown(0);
    throw error;
  }
  const pidFile = resolve(config.server.pidFile);
  mkdirSync(dirname(pidFile), { recursive: true });
  writeFileSync(pidFile, `${process.pid}\n`);

  // Ready for signals before the banner tells anyone (a supervisor, a test) that the STS is up.
  const running = new Primary(supervisor, checkpoints, options, logger, admin, pidFile);
  primary = running;
  process.once('SIGTERM', () => void running.shutdown('SIGTERM'));
  process.once('SIGINT', () => void running.shutdown('SIGINT'));

  process.stdout.write(formatBanner({ generation, listening, ports, ...(admin ? { adminPort: (admin.address() as AddressInfo).port } : {}), warnings }));
  for (const warning of warnings) logger.warn({}, warning);
}

class Primary {
  private reloading = false;
  private nextGeneration = 2;

  constructor(
    private readonly supervisor: Supervisor,
    private readonly checkpoints: StateCheckpoints,
    private readonly options: PrimaryOptions,
    private readonly logger: Logger,
    private readonly admin: Server | undefined,
    private readonly pidFile: string,
  ) {}

  async reload(): Promise<void> {
    if (this.reloading) {
      this.logger.warn({}, 'reload already in progress: ignored');
      return;
    }
    this.reloading = true;
    try {
      let next: Generation;
      try {
        next = readGeneration(this.nextGeneration++, this.options.configFile, this.options.manifestFile);
        await prepareSharedFiles(next);
      } catch (error) {
        this.logRefusedReload(error);
        return;
      }
      try {
        await this.supervisor.startGeneration(next);
      } catch (error) {
        this.logRefusedReload(error);
        return;
      }
      try {
        // A listener whose address changed is bound now; the old one closes once the new one listens.
        await this.supervisor.dealer.listen(listenerAddresses(next.config.server));
      } catch (error) {
        this.supervisor.stopGeneration(next, 'its listener could not be bound');
        this.logRefusedReload(error);
        return;
      }
      this.supervisor.retireOlderThan(next);
      this.checkpoints.follow(next.config);
      this.logger.info({ generation: next.id, workers: next.workers }, 'reloaded: new workers serve, the old ones drain');
    } finally {
      this.reloading = false;
    }
  }

  async shutdown(signal: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down: draining workers');
    this.admin?.close();
    await this.supervisor.shutdown(this.supervisor.generation.config.server.shutdownGraceMs);
    this.checkpoints.close();
    removeOwnPidFile(this.pidFile);
    this.logger.info({}, 'stopped');
    process.exit(0);
  }

  private logRefusedReload(error: unknown): void {
    const code = error instanceof StartupError ? error.code : undefined;
    this.logger.error({ code, err: (error as Error).message }, 'reload refused: the running configuration keeps serving');
  }
}

/** Removes the pid file only while it still names this process: another STS may have started on the same file. */
function removeOwnPidFile(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

/** The development key and certificate are created here, once, before any worker could race to create them. */
async function prepareSharedFiles(generation: Generation): Promise<string[]> {
  const { config } = generation;
  const warnings: string[] = [];
  const keys = await loadSigningKeys(config.keys);
  if (config.keys.signing.length === 0) {
    warnings.push(`WARNING: signing with the generated development key ${keys.get().kid} in ${resolve(config.keys.devKeysDir)} (not for production: configure keys.signing)`);
  }
  if (config.server.tls) {
    const tls = await loadTlsCredentials(config.server.tls, config.keys.devKeysDir);
    if (tls.development) warnings.push(`WARNING: HTTPS uses the generated development certificate ${tls.certificateFile} (not for production: configure server.tls.certificateFile and keyFile)`);
  }
  return warnings;
}

async function listenAdmin(supervisor: Supervisor, logger: Logger, admin: { host: string; port: number }): Promise<Server> {
  const server = createAdminServer({ readiness: () => supervisor.readiness(), metrics: () => supervisor.metrics() }, logger);
  await listen(server, admin.port, admin.host, 'admin listener');
  return server;
}
