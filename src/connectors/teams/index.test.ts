import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import type { Store } from '../../platform/store/types.ts';
import { startTeamsSink } from '../../sandbox/teams/index.ts';
import type { TeamsSink } from '../../sandbox/teams/types.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { captureLog } from '../testing/log-capture.ts';
import type { OutboundPayload } from '../types.ts';
import { teamsConnector } from './index.ts';

let sink: TeamsSink;
let logs: string[];
beforeEach(async () => {
  sink = await startTeamsSink();
});
afterEach(async () => {
  await sink.close();
});

const META = { idempotencyKey: 'k-1', attempt: 1 };

function open(url = sink.url) {
  const captured = captureLog();
  logs = captured.lines;
  return teamsConnector.create({
    name: 'teams',
    options: { url },
    store: {} as Store,
    log: captured.log,
    clock: new FakeClock(0),
  });
}

const sigOf = (url: string) => new URL(url).searchParams.get('sig') ?? '';

async function failure(send: () => Promise<void>): Promise<DeliveryError> {
  try {
    await send();
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

const portable = (text: string, extra = {}): OutboundPayload => ({
  kind: 'portable',
  message: { title: 'NCP API error', text, ...extra },
});

describe('teams connection against the Workflows sink', () => {
  it('declares send only, with the connection as its own destination', () => {
    expect(open().capabilities).toEqual({
      send: true,
      destinations: [],
      bare: true,
      forms: false,
      files: false,
      receive: false,
      auth: false,
    });
  });

  it('a portable message with severity, fields and links lands as a valid card', async () => {
    await open().send!(
      '',
      portable('getNasVolumeInstanceList answered 802', {
        severity: 'warning',
        fields: [
          { name: 'Customer', value: 'acme' },
          { name: 'Platform', value: 'VPC' },
        ],
        links: [{ label: 'Run', url: 'https://ops.example.com/runs/1' }],
      }),
      META,
    );
    expect(sink.failedRuns).toEqual([]);
    expect(sink.cards).toHaveLength(1);
    const card = sink.cards[0]!.card as { version: string; body: unknown[]; actions: unknown[] };
    expect(card.version).toBe('1.4');
    expect(card.body).toContainEqual({
      type: 'FactSet',
      facts: [
        { title: 'Customer', value: 'acme' },
        { title: 'Platform', value: 'VPC' },
      ],
    });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'warning' });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Run', url: 'https://ops.example.com/runs/1' },
    ]);
  });

  it('a 100 KB text is shortened with a note and still lands', async () => {
    await open().send!(
      '',
      portable('z'.repeat(100 * 1024), { fields: [{ name: 'Customer', value: 'acme' }] }),
      META,
    );
    expect(sink.failedRuns).toEqual([]);
    const body = (sink.cards[0]!.card as { body: Array<{ text?: string }> }).body;
    expect(body.at(-1)?.text).toMatch(/^… shortened: 0 facts and \d+ characters left out$/);
    expect(Buffer.byteLength(JSON.stringify(sink.cards[0]!.envelope))).toBeLessThanOrEqual(28_000);
  });

  it('a native bare card is wrapped in the envelope; one with Action.Submit is refused unsent', async () => {
    const teams = open();
    const card = { type: 'AdaptiveCard', version: '1.3', body: [{ type: 'TextBlock', text: 'native hi' }] };
    await teams.send!('', { kind: 'native', body: card }, META);
    expect(sink.failedRuns).toEqual([]);
    expect(sink.cards.map((c) => c.card)).toEqual([card]);
    const submit = { ...card, actions: [{ type: 'Action.Submit', title: 'Ack' }] };
    const err = await failure(() => teams.send!('', { kind: 'native', body: submit }, META));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(
      /^not a teams message body at actions\.0: Action.Submit and Action.Execute need a bot/,
    );
    expect(sink.requests).toBe(1);
  });

  it('429 with Retry-After is retryable with the wait; 500 is retryable', async () => {
    const teams = open();
    sink.failNext(1, 429, 30);
    const limited = await failure(() => teams.send!('', portable('x'), META));
    expect({ retryable: limited.retryable, status: limited.status, wait: limited.retryAfterMs }).toEqual({
      retryable: true,
      status: 429,
      wait: 30_000,
    });
    expect(limited.message).toBe(
      'teams answered 429: WorkflowRequestsThrottled: The workflow is receiving too many requests; retry after the given delay.',
    );
    sink.failNext(1, 500);
    const broken = await failure(() => teams.send!('', portable('x'), META));
    expect({ retryable: broken.retryable, status: broken.status }).toEqual({ retryable: true, status: 500 });
    await teams.send!('', portable('after the outage'), META);
    expect(sink.cards).toHaveLength(1);
  });

  it('an unknown workflow (404) and a wrong signature (401) go dead without the signature', async () => {
    const gone = new URL(sink.url);
    gone.pathname = gone.pathname.replace(/workflows\/[^/]+/, 'workflows/deleted-flow');
    const notFound = await failure(() => open(gone.toString()).send!('', portable('x'), META));
    expect({ retryable: notFound.retryable, status: notFound.status }).toEqual({
      retryable: false,
      status: 404,
    });
    expect(notFound.message).toBe(
      "teams answered 404: WorkflowNotFound: The workflow 'deleted-flow' could not be found.",
    );

    const forged = new URL(sink.url);
    forged.searchParams.set('sig', 'forged-signature-0123456789');
    const refused = await failure(() => open(forged.toString()).send!('', portable('x'), META));
    expect({ retryable: refused.retryable, status: refused.status }).toEqual({
      retryable: false,
      status: 401,
    });
    expect(refused.message).toBe(
      'teams answered 401: DirectApiInvalidAuthorizationSignature: The provided authorization signature is not valid.',
    );
    for (const text of [notFound.message, refused.message, ...logs]) {
      expect(text).not.toContain(sigOf(sink.url));
      expect(text).not.toContain('forged-signature-0123456789');
    }
  });

  it('an unreachable flow is retried, and the error carries no part of the URL', async () => {
    const url = sink.url;
    await sink.close();
    const err = await failure(() => open(url).send!('', portable('x'), META));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('teams request failed: ECONNREFUSED');
    sink = await startTeamsSink();
  });

  it('refuses a destination after the connection name', async () => {
    const err = await failure(() => open().send!('channel/general', portable('x'), META));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      'a teams connection is its own destination (one channel); drop "/channel/general"',
    );
    expect(sink.requests).toBe(0);
  });

  it('refuses a url that is not http(s), without repeating it', () => {
    const result = teamsConnector.parse({ type: 'teams', url: 'ftp://flows.example.com/x?sig=abcdef123' });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual([
      'url must be an http(s) URL (the Workflows webhook URL)',
    ]);
  });
});
