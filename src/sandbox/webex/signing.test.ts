import { describe, expect, it } from 'vitest';
import { webexSignature } from './signing.ts';

describe('webexSignature', () => {
  it('reproduces the vector of more-wire-facts §2 (secret somesupersecretphrase, 219-byte body)', () => {
    const body =
      '{"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZXhhbXBsZQ","name":"opsbot","resource":"messages","event":"created","data":{"id":"Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZXhhbXBsZQ","roomType":"direct","personEmail":"user@example.com"}}';
    expect(Buffer.byteLength(body)).toBe(219);
    expect(webexSignature('somesupersecretphrase', body)).toBe('75e1b99570ea8adb3dbfb3259af1ec5c16876bf9');
    expect(webexSignature('somesupersecretphrase', Buffer.from(body))).toBe(
      '75e1b99570ea8adb3dbfb3259af1ec5c16876bf9',
    );
  });
});
