import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeamsSink } from './sink.ts';
import type { TeamsSink } from './types.ts';

let sink: TeamsSink;
beforeEach(async () => {
  sink = await startTeamsSink();
});
afterEach(async () => {
  await sink.close();
});

/** The envelope seed 003's webhook_util.py posted (more-wire-facts §3). */
function seedEnvelope(message = 'Authentication Failed', version = '1.2') {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version,
          body: [
            {
              type: 'TextBlock',
              text: 'NCP API error',
              weight: 'bolder',
              size: 'medium',
              color: 'attention',
            },
            {
              type: 'FactSet',
              facts: [
                { title: 'Customer ID', value: 'acme' },
                { title: 'Customer Type', value: 'MSP' },
                { title: 'Platform Type', value: 'VPC' },
                { title: 'Service Type', value: 'server' },
                { title: 'Error Message', value: message },
                { title: 'API Server', value: 'https://ncloud.apigw.ntruss.com' },
                { title: 'URI', value: '/vserver/v2/getServerInstanceList' },
              ],
            },
          ],
        },
      },
    ],
  };
}

const post = (body: unknown, url = sink.url) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('Teams Workflows sink', () => {
  it('answers the seed envelope 202 with an empty body and records the card', async () => {
    const res = await post(seedEnvelope());
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(sink.cards).toHaveLength(1);
    expect(sink.cards[0]).toMatchObject({ workflow: 'ops', card: { type: 'AdaptiveCard', version: '1.2' } });
    expect(sink.cards[0]!.envelope).toEqual(seedEnvelope());
    expect(sink.failedRuns).toEqual([]);
    expect(sink.requests).toBe(1);
  });

  it('accepts a card newer than 1.4 with 202 but fails the run', async () => {
    const res = await post(seedEnvelope('x', '1.5'));
    expect(res.status).toBe(202);
    expect(sink.cards).toEqual([]);
    expect(sink.failedRuns).toHaveLength(1);
    expect(sink.failedRuns[0]!.reason).toBe(
      'attachments[0]: InvalidBotAdaptiveCard: card version 1.5 is newer than 1.4, the highest Workflows posts.',
    );
    expect(sink.failedRuns[0]!.body).toEqual(seedEnvelope('x', '1.5'));
  });

  it('fails the run for a bare card and for {"text": …}, as the template finds no attachments', async () => {
    const bare = seedEnvelope().attachments[0]!.content;
    expect((await post(bare)).status).toBe(202);
    expect((await post({ text: 'Hello' })).status).toBe(202);
    expect(sink.cards).toEqual([]);
    expect(sink.failedRuns.map((r) => r.reason)).toEqual([
      expect.stringContaining(
        "'foreach' expression '@triggerOutputs()?['body']?['attachments']' is of type 'Null'",
      ),
      expect.stringContaining("is of type 'Null'"),
    ]);
  });

  it('fails what the template cannot post: wrong type, contentType, card type, body, Action.Submit', async () => {
    const card = seedEnvelope().attachments[0]!;
    const content = card.content;
    await post({ ...seedEnvelope(), type: 'notice' });
    await post({ type: 'message', attachments: [] });
    await post({
      type: 'message',
      attachments: [{ ...card, contentType: 'application/vnd.microsoft.teams.card.o365connector' }],
    });
    await post({ type: 'message', attachments: [{ ...card, content: { ...content, type: 'MessageCard' } }] });
    await post({ type: 'message', attachments: [{ ...card, content: { ...content, body: 'text' } }] });
    const submit = {
      ...content,
      actions: [
        {
          type: 'Action.ShowCard',
          title: 'More',
          card: { type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.Submit', title: 'OK' }] },
        },
      ],
    };
    await post({ type: 'message', attachments: [card, { ...card, content: submit }] });
    expect(sink.failedRuns.map((r) => r.reason)).toEqual([
      "Property 'type' must be 'message' (got \"notice\").",
      'attachments is an empty array: the flow posted nothing.',
      'attachments[0]: contentType must be \'application/vnd.microsoft.card.adaptive\' (got "application/vnd.microsoft.teams.card.o365connector").',
      "attachments[0]: Property 'type' must be 'AdaptiveCard'.",
      "attachments[0]: InvalidBotAdaptiveCard: the card's body must be an array.",
      'attachments[1]: InvalidBotAdaptiveCard: Action.Submit is not supported in cards posted by a workflow.',
    ]);
    // The loop still posted the good attachment of the last request.
    expect(sink.cards).toHaveLength(1);
  });

  it('refuses a body over 28,000 bytes with 413 and takes one of exactly 28,000', async () => {
    const padded = (size: number) => {
      const base = JSON.stringify(seedEnvelope(''));
      return JSON.stringify(seedEnvelope('x'.repeat(size - base.length)));
    };
    expect(Buffer.byteLength(padded(28_001))).toBe(28_001);
    const tooBig = await post(padded(28_001));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({
      error: {
        code: 'RequestEntityTooLarge',
        message: 'Request Entity Too Large: the message is over 28000 bytes.',
      },
    });
    expect((await post(padded(28_000))).status).toBe(202);
    expect(sink.cards).toHaveLength(1);
  });

  it('refuses a wrong or missing signature with 401, an unknown workflow with 404, not-JSON with 400', async () => {
    const wrong = await post(seedEnvelope(), sink.url.replace(/sig=[^&]+/, 'sig=forged'));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
      'DirectApiInvalidAuthorizationSignature',
    );
    const unsigned = await post(seedEnvelope(), sink.url.replace(/&sig=[^&]+/, ''));
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe(
      'DirectApiAuthorizationRequired',
    );
    const otherSig = new URL(sink.urlFor('alerts')).searchParams.get('sig')!;
    expect((await post(seedEnvelope(), sink.url.replace(/sig=[^&]+/, `sig=${otherSig}`))).status).toBe(401);
    expect((await post(seedEnvelope(), sink.url.replace('/workflows/ops/', '/workflows/nope/'))).status).toBe(
      404,
    );
    expect((await post(seedEnvelope(), sink.url.replace('api-version=2016-06-01&', ''))).status).toBe(400);
    expect((await post('{"type": "message",')).status).toBe(400);
    expect((await fetch(sink.url)).status).toBe(405);
    expect(sink.cards).toEqual([]);
    expect(sink.failedRuns).toEqual([]);
    expect((await post(seedEnvelope(), sink.urlFor('alerts'))).status).toBe(202);
    expect(sink.cards.map((c) => c.workflow)).toEqual(['alerts']);
    expect(sink.requests).toBe(8);
  });

  it('throttles the next requests with 429 and Retry-After, then serves again', async () => {
    sink.failNext(1, 429, 3);
    sink.failNext(1, 502);
    const throttled = await post(seedEnvelope());
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    const bad = await post(seedEnvelope());
    expect(bad.status).toBe(502);
    expect(bad.headers.get('retry-after')).toBeNull();
    expect((await post(seedEnvelope())).status).toBe(202);
    expect(sink.cards).toHaveLength(1);
  });
});
