import { describe, expect, it } from 'vitest';
import { maskUrlCredentials, Redactor, redactUrlPassword, redactValues } from './redact.ts';

describe('Redactor', () => {
  it('replaces a secret and its JSON-escaped and URL-encoded forms, longest first', () => {
    const r = new Redactor();
    r.add('pa"ss/word');
    r.add('pa"ss/word-and-more');
    expect(r.redact('a pa"ss/word-and-more b')).toBe('a [redacted] b');
    expect(r.redact(JSON.stringify({ v: 'pa"ss/word' }))).toBe('{"v":"[redacted]"}');
    expect(r.redact(`?q=${encodeURIComponent('pa"ss/word')}`)).toBe('?q=[redacted]');
  });

  it('ignores values shorter than minLength and characters special to regular expressions are literal', () => {
    const r = new Redactor({ censor: '***', minLength: 4 });
    r.add('abc');
    r.add('a.b*c+d');
    expect(r.redact('abc axbbcd a.b*c+d')).toBe('abc axbbcd ***');
  });

  it('redacts each long line of a multi-line secret (a PEM key), not its armour', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\nshort\n-----END PRIVATE KEY-----\n';
    const r = new Redactor();
    r.add(pem);
    expect(
      r.redact('key line MIIEvgIBADANBgkqhkiG9w0BAQEFAASC seen; short stays; -----BEGIN PRIVATE KEY-----'),
    ).toBe('key line [redacted] seen; short stays; -----BEGIN PRIVATE KEY-----');
  });

  it('a scope redacts its own values and its parent’s, the parent only its own', () => {
    const parent = new Redactor();
    parent.add('config-secret');
    const scope = parent.scope();
    scope.add('access-token-1');
    expect(scope.redact('config-secret access-token-1')).toBe('[redacted] [redacted]');
    expect(parent.redact('config-secret access-token-1')).toBe('[redacted] access-token-1');
  });

  it('redactValues and redactUrlPassword', () => {
    expect(redactValues('x=s3cr3t!', ['s3cr3t!'], { censor: '[secret]', minLength: 4 })).toBe('x=[secret]');
    expect(redactUrlPassword('postgres://me:hunter22@db:5432/x')).toBe('postgres://me:***@db:5432/x');
    expect(redactUrlPassword('not a url')).toBe('the configured URL');
  });

  it('maskUrlCredentials masks passwords and token query values in every URL of a text, nothing else', () => {
    expect(
      maskUrlCredentials(
        'a https://bot:p4ss@h.example/in?team=ops&access_token=abc123&Sig=zz#top and redis://:pw@r:6379 and postgres://me@db/x',
      ),
    ).toBe(
      'a https://bot:***@h.example/in?team=ops&access_token=***&Sig=***#top and redis://:***@r:6379 and postgres://me@db/x',
    );
  });
});
