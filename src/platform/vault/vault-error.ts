import { OpsbotError } from '../errors.ts';

/** VAULT_MISSING: no such secret. VAULT_DISABLED: it exists but is disabled. VAULT: anything else. */
export type VaultErrorCode = 'VAULT_MISSING' | 'VAULT_DISABLED' | 'VAULT';

/** A vault read that failed. The message names the secret (or the list) and never carries a value. */
export class VaultError extends OpsbotError {
  declare readonly code: VaultErrorCode;
  /** The secret asked for; undefined for a failed list. */
  readonly secret: string | undefined;

  constructor(code: VaultErrorCode, message: string, options: { secret?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.name = 'VaultError';
    this.secret = options.secret;
  }

  static missing(name: string): VaultError {
    return new VaultError('VAULT_MISSING', `secret "${name}" is not in the vault`, { secret: name });
  }

  static disabled(name: string): VaultError {
    return new VaultError('VAULT_DISABLED', `secret "${name}" is disabled in the vault`, { secret: name });
  }
}
