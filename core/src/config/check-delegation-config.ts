/**
 * Boot checks of the delegation and claims keys (delegation-config.ts): every processor they name is in
 * plugins.json, and every claim type names an attribute of the connection's contract, so that a typo refuses
 * to start (STS_ERR_CONNECTION_INVALID) instead of refusing every request later.
 */
import { StartupError, StartupErrorCode } from '../errors.js';
import type { KernelConfig } from './kernel-config.js';

/** Only whether an instance id is in the manifest (the plug-in registry answers it; config does not import it). */
export interface KnownInstances {
  knows(id: string): boolean;
}

export function checkDelegationConfig(config: KernelConfig, registry: KnownInstances, manifestFile: string): void {
  config.spConnections.forEach((connection, i) => {
    const where = `/spConnections/${i}`;
    const delegation = connection.delegation;
    const known = (id: string, path: string) => {
      if (!registry.knows(id)) throw new StartupError(StartupErrorCode.CONNECTION_INVALID, `${where}/${path}: instance '${id}' is not in ${manifestFile}`);
    };
    delegation?.requesters.forEach((r, j) => known(r.processor, `delegation/requesters/${j}/processor`));
    delegation?.subjects?.forEach((s, j) => known(s.processor, `delegation/subjects/${j}/processor`));
    const names = new Set(connection.attributeContract.map((a) => a.name));
    connection.claimTypes.forEach((c, j) => {
      if (!names.has(c.attribute)) {
        throw new StartupError(StartupErrorCode.CONNECTION_INVALID, `${where}/claimTypes/${j}/attribute: '${c.attribute}' is not in the connection's attributeContract`);
      }
    });
  });
}
