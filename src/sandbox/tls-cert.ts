import { execFileSync } from 'node:child_process';

/** A key and a self-signed certificate, PEM; the certificate is what clients trust (`tls.ca`). */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

/**
 * A fresh self-signed certificate for `localhost` and 127.0.0.1 (plus `host`), valid for a day.
 * node:crypto makes keys but not X.509 certificates, so openssl does it (an EC key takes
 * milliseconds). Generated per start rather than kept in a fixture: nothing here expires in the
 * repo, and no private key is committed. (For mail, smtp-server's built-in test certificate is no substitute:
 * it has no subjectAltName and has expired, so only clients that check nothing would accept it.)
 * Returns null when openssl is missing (the mail sink then starts without TLS).
 */
export function selfSignedCertificate(
  host: string,
  subject = 'opsbot sandbox',
): SelfSignedCertificate | null {
  const names = new Set(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
  names.add(/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`);
  try {
    const out = execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        '-',
        '-out',
        '-',
        '-subj',
        `/CN=${subject}`,
        '-addext',
        `subjectAltName=${[...names].join(',')}`,
        '-days',
        '1',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 },
    );
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(out)?.[0];
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(out)?.[0];
    return key && cert ? { key, cert } : null;
  } catch {
    return null;
  }
}
