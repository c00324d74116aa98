/** Everything the emulator remembers, readable by tests: people, rooms, messages, files, actions, webhooks, calls. */
import { webexId } from './ids.ts';
import type {
  AttachmentAction,
  Delivery,
  RecordedCall,
  RecordedMessage,
  StoredFile,
  WebexEmulatorOptions,
  WebexPerson,
  WebexRoom,
  Webhook,
  WebhookCall,
} from './types.ts';

export interface WebexState {
  bot: WebexPerson;
  people: WebexPerson[];
  rooms: WebexRoom[];
  messages: RecordedMessage[];
  files: Map<string, StoredFile>;
  actions: AttachmentAction[];
  webhooks: Webhook[];
  /** Every webhook REST call, in order (so a test can assert no create/delete on a plain restart). */
  webhookCalls: WebhookCall[];
  /** Every REST call, in order. */
  calls: RecordedCall[];
  deliveries: Delivery[];
  orgId: string;
  appId: string;
}

const DEFAULT_PEOPLE = [
  { email: 'mina@example.com', displayName: 'Mina Kim' },
  { email: 'joon@example.com', displayName: 'Joon Park' },
  { email: 'sora@example.com', displayName: 'Sora Lee' },
];

const DEFAULT_ROOMS = [
  { title: 'Platform team', members: ['mina@example.com', 'joon@example.com', 'sora@example.com'] },
];

export function createState(options: WebexEmulatorOptions): WebexState {
  const bot: WebexPerson = {
    id: webexId('PEOPLE'),
    emails: [options.botEmail ?? 'opsbot@webex.bot'],
    displayName: 'opsbot',
    type: 'bot',
  };
  const people = (options.people ?? DEFAULT_PEOPLE).map(
    (p): WebexPerson => ({
      id: webexId('PEOPLE'),
      emails: [p.email],
      displayName: p.displayName,
      type: 'person',
    }),
  );
  const state: WebexState = {
    bot,
    people: [bot, ...people],
    rooms: [],
    messages: [],
    files: new Map(),
    actions: [],
    webhooks: [],
    webhookCalls: [],
    calls: [],
    deliveries: [],
    orgId: webexId('ORGANIZATION'),
    appId: webexId('APPLICATION'),
  };
  for (const person of people) directRoom(state, person);
  for (const room of options.rooms ?? DEFAULT_ROOMS) {
    const members = room.members.map((email) => {
      const person = personByEmail(state, email);
      if (!person) throw new Error(`room "${room.title}" names ${email}, who is not among the people`);
      return person.id;
    });
    state.rooms.push({
      id: webexId('ROOM'),
      title: room.title,
      type: 'group',
      members: [bot.id, ...members],
    });
  }
  return state;
}

export function personByEmail(state: WebexState, email: string): WebexPerson | undefined {
  const wanted = email.toLowerCase();
  return state.people.find((p) => p.emails.some((e) => e.toLowerCase() === wanted));
}

export function personById(state: WebexState, id: string): WebexPerson | undefined {
  return state.people.find((p) => p.id === id);
}

/** The bot's 1:1 room with `person`, made on first use. */
export function directRoom(state: WebexState, person: WebexPerson): WebexRoom {
  const found = state.rooms.find(
    (r) => r.type === 'direct' && r.members.includes(person.id) && r.members.includes(state.bot.id),
  );
  if (found) return found;
  const room: WebexRoom = {
    id: webexId('ROOM'),
    title: person.displayName,
    type: 'direct',
    members: [state.bot.id, person.id],
  };
  state.rooms.push(room);
  return room;
}

export function roomById(state: WebexState, id: string): WebexRoom | undefined {
  return state.rooms.find((r) => r.id === id);
}
