import { describe, expect, it } from 'vitest';
import { signature, signatureProblem } from './verify.ts';

// The self-computed vector in the reference notes (more-wire-facts §2): OpenSSL and Node agree.
const SECRET = 'somesupersecretphrase';
const BODY =
  '{"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZXhhbXBsZQ","name":"opsbot","resource":"messages","event":"created","data":{"id":"Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZXhhbXBsZQ","roomType":"direct","personEmail":"user@example.com"}}';
const VECTOR = '75e1b99570ea8adb3dbfb3259af1ec5c16876bf9';

const request = (headers: Record<string, string>, body = BODY) => ({ headers, rawBody: Buffer.from(body) });

describe('webex X-Spark-Signature', () => {
  it('matches the reference vector', () => {
    expect(Buffer.byteLength(BODY)).toBe(219);
    expect(signature(SECRET, BODY)).toBe(VECTOR);
    expect(signatureProblem(SECRET, request({ 'X-Spark-Signature': VECTOR }))).toBeNull();
  });

  it('refuses a missing, forged, wrong-length or re-serialised signature', () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    expect([
      signatureProblem(SECRET, request({})),
      signatureProblem(SECRET, request({ 'x-spark-signature': '' })),
      signatureProblem(SECRET, request({ 'x-spark-signature': signature('another-secret', BODY) })),
      signatureProblem(SECRET, request({ 'x-spark-signature': VECTOR.slice(0, 39) })),
      signatureProblem(SECRET, request({ 'x-spark-signature': VECTOR }, pretty)),
    ]).toEqual(['missing signature', 'missing signature', 'bad signature', 'bad signature', 'bad signature']);
  });

  it('takes a pluggable scheme table: a sha256 header is checked when configured', () => {
    const schemes = [
      { header: 'x-spark-signature', algorithm: 'sha1' as const, format: (hex: string) => hex },
      { header: 'x-webex-signature', algorithm: 'sha256' as const, format: (hex: string) => `sha256=${hex}` },
    ];
    const sha256 = `sha256=${signature(SECRET, BODY, 'sha256')}`;
    expect(signatureProblem(SECRET, request({ 'x-webex-signature': sha256 }), schemes)).toBeNull();
    expect(signatureProblem(SECRET, request({ 'x-webex-signature': sha256 }))).toBe('missing signature');
  });
});
