import { describe, expect, it } from 'vitest';
import { DeliveryError } from './kit/delivery-error.ts';
import type { Connector, InboundRequest, OutboundPayload, WebhookAnswer } from './types.ts';

/**
 * One suite every connector runs against its emulator (or, for the webhook, a receiver written from
 * the webhook's documented behaviour). A case runs only where the platform has the thing it checks
 * (the sandbox has no HTTP to fail; the webhook connector receives nothing); none is ever skipped.
 */

export interface ConformanceTarget {
  connector: Connector;
  /** Where the test messages go ('' for a connection that is its own destination). */
  destination: string;
  /** The texts that arrived at the emulator/receiver for `destination`, oldest first. */
  landed(): Promise<string[]>;
  /** Every credential configured for the connection: none may show in a log line or an error. */
  secrets: string[];
  /** Log lines the connector wrote (its logger writes here). */
  logs: string[];
  /** For connectors that speak HTTP: make the next send fail the way the platform does it. */
  http?: {
    /** The next send is answered 429, asking (in the platform's own header) for `seconds` of quiet. */
    rateLimited(seconds: number): void;
    /** The next send is answered with this 5xx. */
    serverError(status: 500 | 503): void;
    /** The next send is answered with a 5xx whose body quotes every credential it can. */
    echoCredentials(): void;
  };
  /** A send the platform refuses for good: the destination used, and the status and reason expected. */
  refusal: {
    destination: string;
    status: number | undefined;
    reason: string;
    /** Makes the next send be refused, where the destination alone does not. */
    arrange?(): void;
  };
  /** For connectors that receive webhooks: requests as the platform signs them, and spoiled ones. */
  inbound?: {
    valid(): InboundRequest;
    forged(): InboundRequest;
    missing(): InboundRequest;
    /** Only where the platform signs a timestamp: a correctly signed but old request. */
    stale?(): InboundRequest;
    /**
     * Where the platform signs a timestamp: a correctly signed request dated more than five minutes
     * ahead. A replay prepared in advance must be refused (4xx) as surely as an old one.
     */
    future?(): InboundRequest;
  };
  close(): Promise<void>;
}

const META = { idempotencyKey: 'conformance-1', attempt: 1 };

function portable(text: string): OutboundPayload {
  return { kind: 'portable', message: { title: 'Conformance', text } };
}

async function deliveryError(run: () => Promise<void>): Promise<DeliveryError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

async function handle(target: ConformanceTarget, request: InboundRequest): Promise<WebhookAnswer> {
  const receiver = target.connector.receive;
  if (receiver?.mode !== 'webhook') throw new Error('the connector has no webhook receiver');
  return receiver.handle(request);
}

/** Which cases apply: only what the platform has (the sandbox has no HTTP; the webhook receives nothing). */
export interface ConformanceFeatures {
  http: boolean;
  /** 'signature' — forged and missing signatures are refused; '+timestamp' adds stale and future-dated ones. */
  inbound: 'signature' | 'signature+timestamp' | false;
}

/** Registers the suite for one connector; `open` builds a fresh target for each case. */
export function connectorConformance(
  name: string,
  features: ConformanceFeatures,
  open: () => Promise<ConformanceTarget>,
): void {
  const errors: string[] = [];
  const logs: string[] = [];
  const secrets = new Set<string>();
  const withTarget = async (body: (target: ConformanceTarget) => Promise<void>) => {
    const target = await open();
    for (const secret of target.secrets) secrets.add(secret);
    try {
      await body(target);
    } finally {
      logs.push(...target.logs);
      await target.close();
    }
  };
  const sendFailure = async (target: ConformanceTarget, destination = target.destination) => {
    const err = await deliveryError(() => target.connector.send!(destination, portable('fails'), META));
    errors.push(err.message);
    return err;
  };

  describe(`connector conformance: ${name}`, () => {
    it('a portable message lands at the destination', async () => {
      await withTarget(async (target) => {
        expect(target.connector.capabilities.send).toBe(true);
        await target.connector.send!(target.destination, portable('hello from conformance'), META);
        expect((await target.landed()).filter((t) => t.includes('hello from conformance'))).toHaveLength(1);
      });
    });

    it('a refused send goes dead with the reason', async () => {
      await withTarget(async (target) => {
        const { destination, status, reason } = target.refusal;
        target.refusal.arrange?.();
        const err = await sendFailure(target, destination);
        expect({ retryable: err.retryable, status: err.status }).toEqual({ retryable: false, status });
        expect(err.message).toContain(reason);
        expect(await target.landed()).toEqual([]);
      });
    });

    if (features.http) registerHttpCases(withTarget, sendFailure);
    if (features.inbound) registerInboundCases(withTarget, features.inbound === 'signature+timestamp');
    else {
      it('declares that it receives nothing', async () => {
        await withTarget(async (target) => {
          expect({ receive: target.connector.capabilities.receive, part: target.connector.receive }).toEqual({
            receive: false,
            part: undefined,
          });
        });
      });
    }

    it('no configured secret appears in a log line or an error', async () => {
      await withTarget(async (target) => {
        if (target.http) target.http.echoCredentials();
        await sendFailure(target, target.http ? target.destination : target.refusal.destination);
      });
      expect(secrets.size).toBeGreaterThan(0);
      expect(errors.length).toBeGreaterThan(0);
      const text = [...errors, ...logs].join('\n');
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });
}

type WithTarget = (body: (target: ConformanceTarget) => Promise<void>) => Promise<void>;
type SendFailure = (target: ConformanceTarget, destination?: string) => Promise<DeliveryError>;

function httpOf(target: ConformanceTarget): NonNullable<ConformanceTarget['http']> {
  if (!target.http) throw new Error('an HTTP connector must say how to make its emulator fail');
  return target.http;
}

function registerHttpCases(withTarget: WithTarget, sendFailure: SendFailure): void {
  it('429 with a wait is honoured: retryable, with retryAfterMs', async () => {
    await withTarget(async (target) => {
      httpOf(target).rateLimited(7);
      const err = await sendFailure(target);
      expect({ retryable: err.retryable, status: err.status, retryAfterMs: err.retryAfterMs }).toEqual({
        retryable: true,
        status: 429,
        retryAfterMs: 7000,
      });
    });
  });

  it('5xx is retried, and the retry lands', async () => {
    await withTarget(async (target) => {
      for (const status of [500, 503] as const) {
        httpOf(target).serverError(status);
        const err = await sendFailure(target);
        expect({ retryable: err.retryable, status: err.status }).toEqual({ retryable: true, status });
      }
      await target.connector.send!(target.destination, portable('after the outage'), META);
      expect(await target.landed()).toEqual([expect.stringContaining('after the outage')]);
    });
  });
}

function registerInboundCases(withTarget: WithTarget, timestamped: boolean): void {
  const what = timestamped ? 'forged, missing and stale signatures' : 'forged and missing signatures';
  it(`a correctly signed callback is accepted; ${what} are refused`, async () => {
    await withTarget(async (target) => {
      const inbound = target.inbound;
      if (!inbound) throw new Error('a receiving connector must say how its platform signs callbacks');
      const ok = await handle(target, inbound.valid());
      expect({ status: ok.status, events: ok.events.length }).toEqual({ status: 200, events: 1 });
      const spoiled = [inbound.forged(), inbound.missing()];
      if (timestamped) {
        if (!inbound.stale) throw new Error('a timestamped platform must provide a stale request');
        spoiled.push(inbound.stale());
      }
      for (const request of spoiled) {
        const answer = await handle(target, request);
        expect({ status: answer.status, events: answer.events }).toEqual({ status: 401, events: [] });
      }
    });
  });

  if (!timestamped) return;
  it('a correctly signed callback dated more than five minutes ahead is refused', async () => {
    await withTarget(async (target) => {
      const future = target.inbound?.future;
      if (!future) throw new Error('a timestamped platform must provide a future-dated request');
      const answer = await handle(target, future());
      expect({ refused: answer.status >= 400 && answer.status < 500, events: answer.events }).toEqual({
        refused: true,
        events: [],
      });
    });
  });
}
