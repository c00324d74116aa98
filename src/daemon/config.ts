import path from 'node:path';
import { connectorTypes } from '../connectors/registry.ts';
import type { ConnectionTypeEntry } from '../platform/config/checks.ts';
import { type LoadOptions, loadConfig } from '../platform/config/load.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import { VaultKeeper } from '../platform/vault/keeper.ts';
import { checkAppModule } from './app-module.ts';

// One per process: the daemon's reloads reuse the vault client and re-read its values.
const vaults = new VaultKeeper();

/** The options every full load uses: known connection types and app modules. */
export function loadOptions(file: string): LoadOptions {
  // The whole type, not just its schema: config load parses each block once and checks targets
  // against what the connection can do.
  const types = new Map<string, ConnectionTypeEntry>(connectorTypes);
  return {
    connectionTypes: types,
    knownApps: (use: string, appRoots: string[]) => checkAppModule(use, path.dirname(file), appRoots),
    implicitConnections: { sandbox: { type: 'sandbox' } },
    openVault: vaults.open,
  };
}

export function loadDaemonConfig(file: string): Promise<LoadedConfig> {
  return loadConfig(file, loadOptions(file));
}
