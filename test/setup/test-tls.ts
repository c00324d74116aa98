import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../src/sandbox/tls-cert.ts';

/**
 * One self-signed certificate per test run, trusted by every test process through
 * NODE_EXTRA_CA_CERTS, as a person trusts an emulator's certificate. Node reads that variable only
 * when a process starts, so it is set here, in the main vitest process, before any worker forks;
 * workers and the daemons they spawn inherit it. HTTPS emulators in tests serve this certificate
 * (OPSBOT_TEST_TLS_KEY / OPSBOT_TEST_TLS_CERT name its files).
 */
export function trustTestCertificate(): void {
  if (process.env['OPSBOT_TEST_TLS_CERT']) return;
  const certificate = selfSignedCertificate('127.0.0.1', 'opsbot test emulators');
  if (!certificate) throw new Error("openssl is needed to make the test emulators' certificate");
  const dir = mkdtempSync(join(tmpdir(), 'opsbot-test-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  writeFileSync(keyFile, certificate.key, { mode: 0o600 });
  writeFileSync(certFile, certificate.cert);
  process.env['OPSBOT_TEST_TLS_KEY'] = keyFile;
  process.env['OPSBOT_TEST_TLS_CERT'] = certFile;
  process.env['NODE_EXTRA_CA_CERTS'] = certFile;
}
