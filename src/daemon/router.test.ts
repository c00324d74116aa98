import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../connectors/types.ts';
import type { AppReady } from '../contracts/app-ipc.ts';
import { captureLog } from '../engine/scheduler/harness.ts';
import { FakeClock } from '../platform/clock.ts';
import { openStore } from '../platform/store/open.ts';
import type { Store } from '../platform/store/types.ts';
import type { AppState } from './app-process.ts';
import { type RoutableApp, Router } from './router.ts';

const listens: AppReady = { hasRun: false, messages: true, commands: [], events: [], routes: [] };
const commandsOnly: AppReady = { ...listens, messages: false, commands: ['deploy'] };

/** An app process the test drives: up or down, and what it does with each event handed to it. */
class FakeApp implements RoutableApp {
  state: AppState = 'running';
  ready: AppReady | null;
  registered: AppReady | null;
  seen: string[] = [];
  outcome: (text: string) => { ok: boolean; error?: string; crashed?: boolean } = () => ({ ok: true });
  readonly process = this;

  readonly name: string;

  constructor(name: string, registration: AppReady) {
    this.name = name;
    this.ready = registration;
    this.registered = registration;
  }

  async deliver(_inboxId: number, event: InboundEvent) {
    this.seen.push(event.text ?? '');
    const result = this.outcome(event.text ?? '');
    if (result.crashed) this.down('backoff');
    return result;
  }

  down(state: AppState): void {
    this.state = state;
    this.ready = null;
  }

  up(): void {
    this.state = 'running';
    this.ready = this.registered;
  }
}

let store: Store;
let clock: FakeClock;
let apps: Map<string, FakeApp>;
let router: Router;
let lines: ReturnType<typeof captureLog>['lines'];

beforeEach(async () => {
  store = await openStore({ url: 'sqlite', dataDir: '', masterKey: Buffer.alloc(32, 1), memory: true });
  clock = new FakeClock();
  apps = new Map([
    ['alpha', new FakeApp('alpha', listens)],
    ['beta', new FakeApp('beta', commandsOnly)],
  ]);
  const log = captureLog();
  lines = log.lines;
  router = new Router({ store, apps: () => apps, clock, log: log.log, holdFor: () => 600_000 });
});
afterEach(() => store.close());

let n = 0;
async function receive(text: string): Promise<{ id: number; event: InboundEvent }> {
  n += 1;
  const event: InboundEvent = {
    id: `e${n}`,
    connection: 'sandbox',
    type: 'message',
    replyTo: 'sandbox/channel/x',
    user: 'u',
    text,
    receivedAt: clock.now(),
  };
  const { id } = await store.inbox.insert({
    connection: 'sandbox',
    dedupeKey: event.id,
    payload: event,
    receivedAt: 0,
  });
  return { id, event };
}

const statuses = async () =>
  (await store.inboxDeliveries.list()).map((d) => `${d.app}:${d.status}:${d.attempts}`);

describe('Router: inbound events tracked per app', () => {
  it('delivers to the apps that take the event; the others get nothing', async () => {
    const { id, event } = await receive('hello');
    await router.route(id, event);
    await router.idle();
    expect(apps.get('alpha')!.seen).toEqual(['hello']);
    expect(apps.get('beta')!.seen).toEqual([]);
    expect(await statuses()).toEqual(['alpha:done:1']);
  });

  it('a handler waiting for the next message (a conversation) does not hold that message back', async () => {
    const alpha = apps.get('alpha')!;
    let answered!: () => void;
    const answer = new Promise<void>((resolve) => {
      answered = resolve;
    });
    alpha.deliver = async (_id, event) => {
      alpha.seen.push(event.text ?? '');
      if (event.text === 'question') await answer;
      else answered();
      return { ok: true };
    };
    const first = await receive('question');
    await router.route(first.id, first.event);
    const second = await receive('answer');
    await router.route(second.id, second.event);
    await router.idle();
    expect(alpha.seen).toEqual(['question', 'answer']);
    expect(await statuses()).toEqual(['alpha:done:1', 'alpha:done:1']);
  });

  it('holds an event while its app is down and delivers it when the app is up', async () => {
    const alpha = apps.get('alpha')!;
    alpha.down('backoff');
    const { id, event } = await receive('while down');
    await router.route(id, event);
    await router.idle();
    expect(alpha.seen).toEqual([]);
    expect(await statuses()).toEqual(['alpha:pending:0']);
    alpha.up();
    await router.appReady('alpha');
    await router.idle();
    expect(alpha.seen).toEqual(['while down']);
    expect(await statuses()).toEqual(['alpha:done:1']);
  });

  it('an app that dies handling an event gets it again after its restart, once', async () => {
    const alpha = apps.get('alpha')!;
    alpha.outcome = () => ({ ok: false, error: 'app process killed by SIGKILL', crashed: true });
    const { id, event } = await receive('poison');
    await router.route(id, event);
    await router.idle();
    expect(await statuses()).toEqual(['alpha:pending:1']);
    alpha.up();
    await router.appReady('alpha');
    await router.idle();
    expect(alpha.seen).toEqual(['poison', 'poison']);
    expect(await statuses()).toEqual(['alpha:failed:2']);
    alpha.up();
    await router.appReady('alpha');
    await router.idle();
    expect(alpha.seen).toHaveLength(2);
  });

  it('a handler error is final (no redelivery), logged with the app', async () => {
    apps.get('alpha')!.outcome = () => ({ ok: false, error: 'TypeError: x' });
    const { id, event } = await receive('bad');
    await router.route(id, event);
    await router.idle();
    await router.appReady('alpha');
    await router.idle();
    expect(apps.get('alpha')!.seen).toEqual(['bad']);
    expect(await statuses()).toEqual(['alpha:failed:1']);
    expect(lines.filter((l) => l.msg === 'app failed to handle an event').map((l) => l['app'])).toEqual([
      'alpha',
    ]);
  });

  it('drops an event held past holdFor, with a logged reason', async () => {
    const alpha = apps.get('alpha')!;
    alpha.down('stopped');
    const { id, event } = await receive('too late');
    await router.route(id, event);
    await router.idle();
    await clock.advance(600_001);
    alpha.up();
    await router.replay();
    await router.idle();
    expect(alpha.seen).toEqual([]);
    expect(await statuses()).toEqual(['alpha:dropped:0']);
    expect(lines.filter((l) => l.msg.startsWith('inbound event dropped'))).toMatchObject([
      { app: 'alpha', inboxId: id },
    ]);
  });

  it('the sweep drops held events on its own, and stops when told', async () => {
    apps.get('alpha')!.down('stopped');
    const { id, event } = await receive('nobody home');
    await router.route(id, event);
    await router.idle();
    router.startSweeping();
    await clock.advance(600_000 + 60_000);
    expect(await statuses()).toEqual(['alpha:dropped:0']);
    router.stopSweeping();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('an app not ready since it was created holds the event, and skips it once up if it does not take it', async () => {
    const beta = apps.get('beta')!;
    beta.registered = null;
    beta.down('starting');
    const { id, event } = await receive('not a command');
    await router.route(id, event);
    await router.idle();
    expect(await statuses()).toEqual(['alpha:done:1', 'beta:pending:0']);
    beta.registered = commandsOnly;
    beta.up();
    await router.appReady('beta');
    await router.idle();
    expect(beta.seen).toEqual([]);
    expect(await statuses()).toEqual(['alpha:done:1', 'beta:skipped:0']);
  });

  it('replay routes events stored but never routed (the daemon died in between)', async () => {
    await receive('stored 1');
    await receive('stored 2');
    await router.replay();
    await router.idle();
    expect(apps.get('alpha')!.seen).toEqual(['stored 1', 'stored 2']);
    expect(await store.inbox.listNew(10)).toEqual([]);
  });

  it('recover hands back what a dead daemon left in an app hands', async () => {
    const { id } = await receive('in flight');
    await store.inboxDeliveries.fanOut(id, ['alpha'], clock.now());
    await store.inboxDeliveries.claim(id, 'alpha', clock.now());
    await router.recover();
    await router.replay();
    await router.idle();
    expect(apps.get('alpha')!.seen).toEqual(['in flight']);
    expect(await statuses()).toEqual(['alpha:done:2']);
  });
});
