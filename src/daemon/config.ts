import path from 'node:path';
import { connectorTypes } from '../connectors/registry.ts';
import { type LoadOptions, loadConfig } from '../platform/config/load.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import { checkAppModule } from './app-module.ts';

/** The options every full load uses: known connection types and app modules. */
export function loadOptions(file: string): LoadOptions {
  const types = new Map([...connectorTypes].map(([name, t]) => [name, t.options]));
  return {
    connectionTypes: types,
    knownApps: (use: string) => checkAppModule(use, path.dirname(file)),
    implicitConnections: { sandbox: { type: 'sandbox' } },
  };
}

export function loadDaemonConfig(file: string): Promise<LoadedConfig> {
  return loadConfig(file, loadOptions(file));
}
