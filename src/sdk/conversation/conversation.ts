import type { PortableMessage } from '../../contracts/message.ts';
import type { Clock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { AppStore } from '../types.ts';
import { ConversationCancelled, ConversationEnded, ConversationTimedOut } from './errors.ts';

/** Who a conversation is with: an incoming message or command fits as is. */
export interface ConversationTarget {
  /** Where questions go and answers come from: "<connection>/<kind>/<id>". */
  replyTo: string;
  user: string;
  /** The message that started the dialog, when there is one. */
  id?: string;
}

export interface ConversationOptions {
  /** How long the person has to answer each question: ms, or '90s', '3m', '1h'. Default '3m'. */
  ttl?: number | string;
  /** Whole-message words (any case) that cancel the dialog. Default ['cancel', '취소']. */
  cancelWords?: string[];
  /** What the person is told when the dialog ends without its handler. */
  messages?: { cancelled?: string; timedOut?: string; interrupted?: string };
}

export interface AskOptions {
  /** Returns what to tell the person when the answer will not do (they are asked again), else null. */
  validate?(answer: string): string | null | undefined | Promise<string | null | undefined>;
}

export interface ConfirmOptions {
  /** Default ['yes', 'y', 'ok', '네', '예', '응']. */
  yes?: string[];
  /** Default ['no', 'n', '아니요', '아니오', '아니']. */
  no?: string[];
  /** Said when the answer is neither. Default `Please answer "<yes[0]>" or "<no[0]>".` */
  retry?: string;
}

/** What is kept in the app's kv store while a question waits, so a restarted app can tell the person. */
export interface SavedConversation {
  replyTo: string;
  user: string;
  question: string;
  answers: string[];
  expiresAt: number;
  interrupted: string;
}

/** The manager's side of a conversation. */
export interface ConversationHooks {
  store: AppStore;
  clock: Clock;
  log: Logger;
  send(replyTo: string, message: PortableMessage): Promise<unknown>;
  /** A question now waits for its answer (true), or nothing waits any more (false). */
  waiting(conversation: Conversation, waiting: boolean): void;
}

export const DEFAULT_TTL_MS = 3 * 60_000;
export const SAVED_PREFIX = 'opsbot.conversation/';
const DEFAULT_CANCEL = ['cancel', '취소'];
const DEFAULT_MESSAGES = {
  cancelled: 'Cancelled.',
  timedOut: 'No answer in time, so I stopped waiting. Start again whenever you like.',
  interrupted: 'Sorry, our conversation was interrupted by a restart. Please start again.',
};

interface Step {
  question: string;
  validate: AskOptions['validate'];
  resolve(answer: string): void;
  reject(error: Error): void;
  disarm(): void;
}

export type Pause = 'waiting' | 'ended';

/**
 * A multi-step dialog with one person in one room: ask, validate and re-ask, confirm, cancel word,
 * and a time limit per question. Built on plain messages, so it works on every messenger.
 */
export class Conversation {
  readonly replyTo: string;
  readonly user: string;
  readonly originId: string | undefined;
  /** The accepted answers so far, in order. */
  readonly answers: string[] = [];
  readonly #hooks: ConversationHooks;
  readonly #ttl: number;
  readonly #cancelWords: Set<string>;
  readonly #messages: typeof DEFAULT_MESSAGES;
  #step: Step | undefined;
  #ended: ConversationEnded | undefined;
  #pauses: Array<(how: Pause) => void> = [];
  #receiving: Promise<unknown> = Promise.resolve();

  constructor(hooks: ConversationHooks, to: ConversationTarget, options: ConversationOptions = {}) {
    this.#hooks = hooks;
    this.replyTo = to.replyTo;
    this.user = to.user;
    this.originId = to.id;
    this.#ttl = parseTtl(options.ttl ?? DEFAULT_TTL_MS);
    this.#cancelWords = new Set((options.cancelWords ?? DEFAULT_CANCEL).map((w) => w.trim().toLowerCase()));
    this.#messages = { ...DEFAULT_MESSAGES, ...options.messages };
  }

  get key(): string {
    return conversationKey(this.replyTo, this.user);
  }

  get waiting(): boolean {
    return this.#step !== undefined;
  }

  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Sends the question and resolves with the person's next valid answer (trimmed). */
  async ask(question: string, options: AskOptions = {}): Promise<string> {
    if (this.#ended) throw this.#ended;
    if (this.#step) throw new OpsbotError('CONVERSATION', 'ask() while another question still waits');
    await this.#say(question);
    await this.#hooks.store.set(SAVED_PREFIX + this.key, this.#saved(question));
    if (this.#ended) throw this.#ended;
    return new Promise<string>((resolve, reject) => {
      this.#step = { question, validate: options.validate, resolve, reject, disarm: this.#arm() };
      this.#hooks.waiting(this, true);
      this.#pause('waiting');
    });
  }

  /** Asks a yes/no question; re-asks until the answer is one of the yes or no words. */
  async confirm(question: string, options: ConfirmOptions = {}): Promise<boolean> {
    const yes = (options.yes ?? ['yes', 'y', 'ok', '네', '예', '응']).map((w) => w.toLowerCase());
    const no = (options.no ?? ['no', 'n', '아니요', '아니오', '아니']).map((w) => w.toLowerCase());
    const retry = options.retry ?? `Please answer "${yes[0]}" or "${no[0]}".`;
    const answer = await this.ask(question, {
      validate: (text) =>
        yes.includes(text.toLowerCase()) || no.includes(text.toLowerCase()) ? null : retry,
    });
    return yes.includes(answer.toLowerCase());
  }

  /** Sends a message to the person without waiting for an answer. */
  async say(message: string | PortableMessage): Promise<void> {
    if (this.#ended) throw this.#ended;
    await this.#say(message);
  }

  /** Ends the dialog (optionally with a last message); a waiting question rejects with ConversationEnded. */
  async end(message?: string): Promise<void> {
    if (this.#ended) return;
    await this.#finish(new ConversationEnded('ended'), message);
  }

  /**
   * For the manager: a message from this person in this room while a question waits. Resolves
   * false when no question waited by its turn (the one before it was the answer).
   */
  receive(text: string): Promise<boolean> {
    // One answer at a time: a second message must not race the first one's async validation.
    const received = this.#receiving.then(() => this.#receive(text.trim()));
    this.#receiving = received.then(
      () => undefined,
      () => undefined,
    );
    return received;
  }

  /** Resolves when a question next waits for its answer, or the dialog ends. */
  nextPause(): Promise<Pause> {
    return new Promise((resolve) => this.#pauses.push(resolve));
  }

  /** For the manager: another dialog with the same person in the same room took over. */
  abandon(): Promise<void> {
    return this.#ended ? Promise.resolve() : this.#finish(new ConversationEnded('replaced'));
  }

  async #receive(text: string): Promise<boolean> {
    const step = this.#step;
    if (!step) return false;
    if (this.#cancelWords.has(text.toLowerCase())) {
      await this.#finish(new ConversationCancelled(), this.#messages.cancelled);
      return true;
    }
    step.disarm();
    let problem: string | null | undefined;
    try {
      problem = step.validate ? await step.validate(text) : null;
    } catch (err) {
      // A validator that throws is the app's bug: end the dialog and hand the error to its handler.
      await this.#finish(new ConversationEnded('ended'), undefined, err);
      return true;
    }
    if (this.#step !== step) return true; // ended while validating
    if (problem) {
      step.disarm = this.#arm();
      await this.#say(problem);
      this.#pause('waiting');
      return true;
    }
    this.#step = undefined;
    this.#hooks.waiting(this, false);
    this.answers.push(text);
    // Kept only while a question waits: a dialog whose handler simply returns leaves nothing behind.
    await this.#hooks.store.delete(SAVED_PREFIX + this.key);
    step.resolve(text);
    return true;
  }

  async #finish(error: ConversationEnded, message?: string, rejectWith: unknown = error): Promise<void> {
    const step = this.#step;
    this.#step = undefined;
    this.#ended = error;
    step?.disarm();
    this.#hooks.waiting(this, false);
    try {
      if (message) await this.#say(message);
      await this.#hooks.store.delete(SAVED_PREFIX + this.key);
    } finally {
      step?.reject(rejectWith instanceof Error ? rejectWith : new Error(String(rejectWith)));
      this.#pause('ended');
    }
  }

  #arm(): () => void {
    return this.#hooks.clock.setTimer(() => {
      this.#finish(new ConversationTimedOut(), this.#messages.timedOut).catch((err) =>
        this.#hooks.log.error({ err }, 'could not end a timed-out conversation'),
      );
    }, this.#ttl);
  }

  #say(message: string | PortableMessage): Promise<unknown> {
    return this.#hooks.send(this.replyTo, typeof message === 'string' ? { text: message } : message);
  }

  #pause(how: Pause): void {
    for (const resolve of this.#pauses.splice(0)) resolve(how);
  }

  #saved(question: string): SavedConversation {
    return {
      replyTo: this.replyTo,
      user: this.user,
      question,
      answers: [...this.answers],
      expiresAt: this.#hooks.clock.now() + this.#ttl,
      interrupted: this.#messages.interrupted,
    };
  }
}

export function conversationKey(replyTo: string, user: string): string {
  return `${replyTo}/${user}`;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** 180000, '90s', '3m', '1h'. */
export function parseTtl(ttl: number | string): number {
  if (typeof ttl === 'number' && ttl > 0) return ttl;
  const match = typeof ttl === 'string' ? /^(\d+)\s*(ms|s|m|h)$/.exec(ttl.trim()) : null;
  const ms = match ? Number(match[1]) * (UNITS[match[2] as string] ?? 0) : 0;
  if (ms <= 0)
    throw new OpsbotError(
      'CONVERSATION',
      `invalid conversation ttl ${JSON.stringify(ttl)} (use e.g. '90s', '3m')`,
    );
  return ms;
}
