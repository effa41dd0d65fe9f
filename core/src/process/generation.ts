/**
 * A generation: one validated snapshot of the config and the manifest, and the workers that run on it.
 * Start and reload read both files, validate them, and only then start workers on the text they validated.
 */
import { availableParallelism } from 'node:os';
import { parseKernelConfigText, readConfigText } from '../config/load-kernel-config.js';
import type { KernelConfig } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import { parseManifest } from '../plugins/manifest.js';
import { readFileSync } from 'node:fs';

export interface Generation {
  readonly id: number;
  readonly configFile: string;
  readonly configText: string;
  readonly manifestFile: string;
  readonly manifestText: string;
  readonly config: KernelConfig;
  /** How many workers this generation runs. */
  readonly workers: number;
}

export function readGeneration(id: number, configFile: string, manifestFile: string): Generation {
  const configText = readConfigText(configFile);
  const config = parseKernelConfigText(configText, configFile);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestFile, 'utf8');
  } catch (error) {
    throw new StartupError(StartupErrorCode.MANIFEST_READ, `${manifestFile}: ${(error as Error).message}`, { cause: error });
  }
  parseManifest(manifestText, manifestFile);
  const workers = config.server.workers ?? availableParallelism();
  checkStateForWorkers(config, workers, configFile);
  return { id, configFile, configText, manifestFile, manifestText, config, workers };
}

/** The memory backend lives in one process: with more workers a replay to another worker would pass. */
function checkStateForWorkers(config: KernelConfig, workers: number, file: string): void {
  if (config.state.backend === 'memory' && workers > 1) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${file}: /state/backend: memory keeps one-time values in one process; use sqlite or redis with ${workers} workers, or set server.workers to 1`);
  }
}
