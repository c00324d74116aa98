/** The `WebexEmulator` object tests and `opsbot sandbox` hold: URLs, token, state readers, faults, acts. */
import type { Acts } from './acts.ts';
import type { EmulatorContext } from './context.ts';
import type { Deliverer } from './deliver.ts';
import { directRoom, personByEmail, type WebexState } from './state.ts';
import type {
  BotIdEncoding,
  Delivery,
  FaultSpec,
  RecordedCall,
  RecordedMessage,
  WebexPerson,
  WebexRoom,
  Webhook,
  WebhookCall,
} from './types.ts';

export interface WebexEmulator extends Acts {
  /** e.g. `http://127.0.0.1:PORT`; `GET /` is the chat page. */
  readonly url: string;
  /** `${url}/v1` — the connection's `apiUrl` (in place of `https://webexapis.com/v1`). */
  readonly apiUrl: string;
  readonly botToken: string;
  /** The bot as `GET /people/me` shows it. */
  readonly bot: WebexPerson;
  readonly state: WebexState;
  /** How the bot's own id appears in its messages and their webhooks (switchable at any time). */
  botIdEncoding: BotIdEncoding;
  /** The next `times` calls of `route` (`'POST /messages'`, `'GET /messages/{id}'`, … or `*`) fail this way. */
  fail(route: string, fault: FaultSpec, times?: number): void;
  /** Every call of `route` (or `*`) waits `delayMs` first; 0 turns it off. */
  slow(route: string, delayMs: number): void;
  clearFaults(): void;
  person(email: string): WebexPerson;
  /** The bot's 1:1 room with the person of `email`. */
  directRoom(email: string): WebexRoom;
  /** Messages in a room, oldest first, without deleted ones. */
  messagesIn(roomId: string): RecordedMessage[];
  /** Messages in the bot's 1:1 room with `email`. */
  directWith(email: string): RecordedMessage[];
  /** REST calls, optionally of one route (`'POST /messages'`). */
  calls(route?: string): RecordedCall[];
  webhooks(): Webhook[];
  webhookCalls(): WebhookCall[];
  /** Deliveries made so far, optionally to one webhook. */
  deliveries(webhookId?: string): Delivery[];
  /** Waits for deliveries in flight (the bot's own messages are delivered in the background). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

interface Parts {
  ctx: EmulatorContext;
  deliverer: Deliverer;
  acts: Acts;
  close: () => Promise<void>;
}

export function webexFacade({ ctx, deliverer, acts, close }: Parts): WebexEmulator {
  const { state } = ctx;
  const person = (email: string) => {
    const found = personByEmail(state, email);
    if (!found) throw new Error(`no person ${email}`);
    return found;
  };
  const visible = (roomId: string) => state.messages.filter((m) => m.roomId === roomId && !m.deleted);
  return {
    ...acts,
    url: ctx.baseUrl(),
    apiUrl: `${ctx.baseUrl()}/v1`,
    botToken: ctx.botToken,
    bot: state.bot,
    state,
    get botIdEncoding() {
      return ctx.botIdEncoding;
    },
    set botIdEncoding(value) {
      ctx.botIdEncoding = value;
    },
    fail: (route, fault, times) => ctx.faults.fail(route, fault, times),
    slow: (route, delayMs) => ctx.faults.slow(route, delayMs),
    clearFaults: () => ctx.faults.clear(),
    person,
    directRoom: (email) => directRoom(state, person(email)),
    messagesIn: visible,
    directWith: (email) => visible(directRoom(state, person(email)).id),
    calls: (route) => state.calls.filter((c) => route === undefined || c.route === route),
    webhooks: () => [...state.webhooks],
    webhookCalls: () => [...state.webhookCalls],
    deliveries: (id) => state.deliveries.filter((d) => id === undefined || d.webhookId === id),
    settled: () => deliverer.settled(),
    close,
  };
}
