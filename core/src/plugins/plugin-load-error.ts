/**
 * The one error the plug-in loader throws: which phase failed, for which instance and package.
 */
import { StartupError, type StartupErrorCodeValue } from '../errors.js';

export type LoadPhase = 'resolve' | 'import' | 'verify' | 'configure' | 'create' | 'register';

export class PluginLoadError extends StartupError {
  constructor(
    code: StartupErrorCodeValue,
    readonly phase: LoadPhase,
    readonly instanceId: string,
    readonly packageName: string,
    readonly manifestFile: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${manifestFile}: instance '${instanceId}' (package ${packageName}), phase ${phase}: ${detail}`, options);
    this.name = 'PluginLoadError';
  }
}
