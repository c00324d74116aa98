/** Test helper: the Key Vault emulator serving the run's shared test certificate (trusted by every test process). */
import { readFileSync } from 'node:fs';
import { startKeyVaultEmulator } from './emulator.ts';
import type { KeyVaultEmulator, KeyVaultEmulatorOptions } from './types.ts';

/** The certificate vitest.config.ts made for this run (OPSBOT_TEST_TLS_KEY / OPSBOT_TEST_TLS_CERT). */
export function testCertificate(): { key: string; cert: string } {
  const keyFile = process.env['OPSBOT_TEST_TLS_KEY'];
  const certFile = process.env['OPSBOT_TEST_TLS_CERT'];
  if (!keyFile || !certFile) {
    throw new Error(
      'OPSBOT_TEST_TLS_KEY / OPSBOT_TEST_TLS_CERT are unset: run the tests through vitest.config.ts',
    );
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

export function startTestKeyVault(
  options: Omit<KeyVaultEmulatorOptions, 'tls'> = {},
): Promise<KeyVaultEmulator> {
  return startKeyVaultEmulator({ ...options, tls: testCertificate() });
}
