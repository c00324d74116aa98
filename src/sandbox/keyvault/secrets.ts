/**
 * The vault's secrets: every version of every name, and the JSON Key Vault answers with
 * (SecretBundle for one version, SecretItem in lists). Versions are 32 hex digits, like Azure's.
 */
import { randomBytes } from 'node:crypto';
import type { SecretOptions } from './types.ts';

/** Azure's rule for secret names. */
export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

export interface SecretVersion {
  version: string;
  value: string;
  enabled: boolean;
  contentType: string | undefined;
  tags: Record<string, string>;
  /** Unix seconds, as Key Vault's attributes carry them. */
  created: number;
  updated: number;
}

/** name → versions, oldest first (the last is the current one). */
export type SecretStore = Map<string, SecretVersion[]>;

export function putSecret(
  store: SecretStore,
  name: string,
  value: string,
  options: SecretOptions = {},
): SecretVersion {
  if (!SECRET_NAME.test(name)) throw new Error(`invalid Key Vault secret name: ${JSON.stringify(name)}`);
  const now = Math.floor(Date.now() / 1000);
  const version: SecretVersion = {
    version: randomBytes(16).toString('hex'),
    value,
    enabled: options.enabled ?? true,
    contentType: options.contentType,
    tags: { ...(options.tags ?? {}) },
    created: now,
    updated: now,
  };
  store.set(name, [...(store.get(name) ?? []), version]);
  return version;
}

export function latest(store: SecretStore, name: string): SecretVersion | undefined {
  return store.get(name)?.at(-1);
}

export function setEnabled(store: SecretStore, name: string, enabled: boolean): void {
  const current = latest(store, name);
  if (!current) throw new Error(`no secret named ${name} in the emulated vault`);
  current.enabled = enabled;
  current.updated = Math.floor(Date.now() / 1000);
}

function attributes(v: SecretVersion) {
  return {
    enabled: v.enabled,
    created: v.created,
    updated: v.updated,
    recoveryLevel: 'Recoverable+Purgeable',
  };
}

/** One version with its value (GET /secrets/{name}[/{version}], PUT). */
export function secretBundle(vault: string, name: string, v: SecretVersion): Record<string, unknown> {
  return {
    value: v.value,
    id: `${vault}/secrets/${name}/${v.version}`,
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
    attributes: attributes(v),
    tags: v.tags,
  };
}

/** A list entry: the name's current version, without its value. */
export function secretItem(vault: string, name: string, v: SecretVersion): Record<string, unknown> {
  return {
    id: `${vault}/secrets/${name}`,
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
    attributes: attributes(v),
    tags: v.tags,
  };
}
