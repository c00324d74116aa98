/** The `SlackEmulator` object tests and `opsbot sandbox` hold: URLs, secrets, state readers, faults, acts. */
import type { Acts } from './acts.ts';
import type { EmulatorContext } from './context.ts';
import type { Deliverer } from './deliver.ts';
import type { Transport } from './outbound.ts';
import type { DisconnectReason, SocketHub } from './socket.ts';
import type { currentView, dmChannel, findView, SlackState } from './state.ts';
import type { FaultSpec, RecordedCall, RecordedMessage, RecordedView } from './types.ts';

export interface SlackEmulator extends Acts {
  /** e.g. `http://127.0.0.1:PORT`; `GET /` is the workspace page. */
  readonly url: string;
  /** `${url}/api/` — the `slackApiUrl` of @slack/web-api, the connection's `apiUrl`. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly state: SlackState;
  /** Where commands, interactions and events go over HTTP. */
  requestUrl: string | undefined;
  /** `http` (signed POSTs to requestUrl) or `socket` (envelopes over the app's Socket Mode connection). */
  transport: Transport;
  /** The next `times` calls of `method` (or `*`) fail this way. */
  fail(method: string, fault: FaultSpec, times?: number): void;
  /** Every call of `method` (or `*`) waits `delayMs` first; 0 turns it off. */
  slow(method: string, delayMs: number): void;
  clearFaults(): void;
  /** Messages in a channel, oldest first, without deleted ones. */
  messagesIn(channel: string): RecordedMessage[];
  /** Messages in the bot's DM with `user`. */
  dmWith(user: string): RecordedMessage[];
  /** The DM channel id `conversations.open` gives for `user`. */
  dmChannel(user: string): string;
  /** Web API calls, optionally of one method. */
  calls(method?: string): RecordedCall[];
  view(id: string): RecordedView | undefined;
  /** The modal `user` sees now (top of their stack). */
  openView(user: string): RecordedView | undefined;
  /** Socket Mode connections accepted so far (grows on every reconnect). */
  readonly socketConnections: number;
  readonly openSockets: number;
  waitForSocketConnections(count: number): Promise<void>;
  /** Sends `{type:'disconnect', reason}` to every socket and closes them. */
  disconnect(reason: DisconnectReason): Promise<void>;
  close(): Promise<void>;
}

interface Parts {
  ctx: EmulatorContext;
  hub: SocketHub;
  deliverer: Deliverer;
  acts: Acts;
  close: () => Promise<void>;
  helpers: { currentView: typeof currentView; dmChannel: typeof dmChannel; findView: typeof findView };
}

export function slackFacade({ ctx, hub, deliverer, acts, close, helpers }: Parts): SlackEmulator {
  const visible = (channel: string) => ctx.state.messages.filter((m) => m.channel === channel && !m.deleted);
  return {
    ...acts,
    url: ctx.baseUrl(),
    apiUrl: `${ctx.baseUrl()}/api/`,
    botToken: ctx.botToken,
    appToken: ctx.appToken,
    signingSecret: ctx.signingSecret,
    state: ctx.state,
    get requestUrl() {
      return ctx.requestUrl;
    },
    set requestUrl(url) {
      ctx.requestUrl = url;
    },
    get transport() {
      return deliverer.transport;
    },
    set transport(mode) {
      deliverer.transport = mode;
    },
    fail: (method, fault, times) => ctx.faults.fail(method, fault, times),
    slow: (method, delayMs) => ctx.faults.slow(method, delayMs),
    clearFaults: () => ctx.faults.clear(),
    messagesIn: visible,
    dmWith: (user) => visible(helpers.dmChannel(ctx.state, user)),
    dmChannel: (user) => helpers.dmChannel(ctx.state, user),
    calls: (method) => ctx.state.calls.filter((c) => method === undefined || c.method === method),
    view: (id) => helpers.findView(ctx.state, id),
    openView: (user) => helpers.currentView(ctx.state, user),
    get socketConnections() {
      return hub.connectionCount;
    },
    get openSockets() {
      return hub.openSockets;
    },
    waitForSocketConnections: (count) => hub.waitForConnections(count),
    disconnect: (reason) => hub.disconnect(reason),
    close,
  };
}
