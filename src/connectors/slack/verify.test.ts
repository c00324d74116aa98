import { describe, expect, it } from 'vitest';
import { signature, signatureProblem } from './verify.ts';

/** The worked example from Slack's "Verifying requests from Slack" page (more-wire-facts §1.1). */
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TS) * 1000;

const request = (headers: Record<string, string>, body = BODY) => ({ headers, rawBody: Buffer.from(body) });

describe('slack v0 signature', () => {
  it("reproduces the docs' test vector and accepts it", () => {
    expect(signature(SECRET, TS, BODY)).toBe(EXPECTED);
    const signed = { 'x-slack-request-timestamp': TS, 'x-slack-signature': EXPECTED };
    expect(signatureProblem(SECRET, request(signed), AT)).toBeNull();
    // Header names in any case.
    expect(
      signatureProblem(
        SECRET,
        request({ 'X-Slack-Request-Timestamp': TS, 'X-Slack-Signature': EXPECTED }),
        AT,
      ),
    ).toBeNull();
  });

  it('refuses forged, missing, re-encoded and out-of-window requests', () => {
    const signed = { 'x-slack-request-timestamp': TS, 'x-slack-signature': EXPECTED };
    expect(signatureProblem('another-secret', request(signed), AT)).toBe('bad signature');
    expect(signatureProblem(SECRET, request({ 'x-slack-request-timestamp': TS }), AT)).toBe(
      'missing signature',
    );
    expect(signatureProblem(SECRET, request({ 'x-slack-signature': EXPECTED }), AT)).toBe(
      'missing signature',
    );
    expect(signatureProblem(SECRET, request(signed, BODY.replace('%2F', '%2f')), AT)).toBe('bad signature');
    expect(signatureProblem(SECRET, request({ ...signed, 'x-slack-signature': 'v0=ab' }), AT)).toBe(
      'bad signature',
    );
    expect(signatureProblem(SECRET, request(signed), AT + 300_000)).toBeNull();
    expect(signatureProblem(SECRET, request(signed), AT + 301_000)).toBe('stale timestamp');
    expect(signatureProblem(SECRET, request(signed), AT - 300_000)).toBeNull();
    expect(signatureProblem(SECRET, request(signed), AT - 301_000)).toBe('stale timestamp');
    expect(signatureProblem(SECRET, request({ ...signed, 'x-slack-request-timestamp': '1e9' }), AT)).toBe(
      'bad timestamp',
    );
  });
});
