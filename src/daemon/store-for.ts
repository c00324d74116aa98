import path from 'node:path';
import type { LoadedConfig } from '../platform/config/schema.ts';
import { deriveMasterKey, loadOrCreateMasterKeyFile } from '../platform/crypto.ts';
import { openStore } from '../platform/store/open.ts';
import type { Store } from '../platform/store/types.ts';

/**
 * Opens the store a config names, with its master key: secrets.masterKey, or the key generated
 * into dataDir on first use (reported once through onGenerated).
 */
export async function storeFor(config: LoadedConfig, onGenerated?: (file: string) => void): Promise<Store> {
  return openStore({
    url: config.store,
    dataDir: config.dataDirPath,
    masterKey: await masterKeyFor(config, onGenerated),
  });
}

/** The 32-byte master key of a config (generated into dataDir on first use). */
export async function masterKeyFor(
  config: LoadedConfig,
  onGenerated?: (file: string) => void,
): Promise<Buffer> {
  let masterKey = config.secrets.masterKey;
  if (!masterKey) {
    const generated = await loadOrCreateMasterKeyFile(config.dataDirPath);
    masterKey = generated.key;
    if (generated.created) onGenerated?.(path.join(config.dataDirPath, 'master.key'));
  }
  return deriveMasterKey(masterKey);
}
