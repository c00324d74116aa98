import type { InboundEvent } from '../../contracts/inbound.ts';
import type { PortableMessage } from '../../contracts/message.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/log.ts';
import type { AppStore } from '../types.ts';
import {
  Conversation,
  type ConversationOptions,
  type ConversationTarget,
  conversationKey,
  SAVED_PREFIX,
  type SavedConversation,
} from './conversation.ts';
import { ConversationEnded } from './errors.ts';

export interface ConversationManagerOptions {
  store: AppStore;
  clock: Clock;
  log: Logger;
  send(replyTo: string, message: PortableMessage): Promise<unknown>;
  /**
   * Called when the app opens its first conversation: from then on it needs every chat message
   * of its rooms (the answers), not only the commands it registered.
   */
  onFirstUse?(): void;
}

/**
 * An app's open conversations. Sits in front of the app's handlers: a message from a person whose
 * question waits goes to that question instead of onMessage/onCommand.
 */
export class ConversationManager {
  readonly #options: ConversationManagerOptions;
  /** Key (room + person) → the conversation whose question waits for that person. */
  readonly #waiting = new Map<string, Conversation>();
  /** Key → the latest conversation opened with that person there, waiting or not. */
  readonly #open = new Map<string, Conversation>();
  /** Message id → its handlers' work, for the messages that started a conversation. */
  readonly #flows = new Map<string, Promise<void>>();
  /** Message id → called when a conversation that message started first waits for an answer. */
  readonly #starts = new Map<string, () => void>();
  #used = false;

  constructor(options: ConversationManagerOptions) {
    this.#options = options;
  }

  open(to: ConversationTarget, options?: ConversationOptions): Conversation {
    if (!this.#used) {
      this.#used = true;
      this.#options.onFirstUse?.();
    }
    const key = conversationKey(to.replyTo, to.user);
    const previous = this.#open.get(key);
    if (previous && !previous.ended) {
      previous
        .abandon()
        .catch((err) => this.#options.log.error({ err }, 'could not end a replaced conversation'));
    }
    const { store, clock, log, send } = this.#options;
    const conversation = new Conversation(
      {
        store,
        clock,
        log,
        send,
        waiting: (c, waiting) => {
          if (waiting) {
            this.#waiting.set(c.key, c);
            if (c.originId !== undefined) this.#starts.get(c.originId)?.();
          } else if (this.#waiting.get(c.key) === c) this.#waiting.delete(c.key);
          if (c.ended && this.#open.get(c.key) === c) this.#open.delete(c.key);
        },
      },
      to,
      options,
    );
    this.#open.set(key, conversation);
    return conversation;
  }

  /**
   * Delivers an event: to a waiting question, or else through `dispatch` (the app's handlers).
   * Resolves once the handling is done or parked: a handler that asks a question hands the event
   * back as soon as the question waits, so the event is not held open for the whole dialog, and
   * an answer resolves once the dialog asked its next question or its handler returned.
   */
  async deliver(event: InboundEvent, dispatch: () => Promise<void>): Promise<void> {
    const waiting =
      event.type === 'message' ? this.#waiting.get(conversationKey(event.replyTo, event.user)) : undefined;
    if (waiting && (await this.#answer(waiting, event.text ?? ''))) return;
    let parked = false;
    const started = new Promise<void>((resolve) => this.#starts.set(event.id, resolve));
    const work = dispatch().catch((err) => {
      // Cancel and timeout are normal ends of a dialog; the person has been told already.
      if (!(err instanceof ConversationEnded)) throw err;
    });
    this.#flows.set(event.id, work);
    work
      .catch((err) => {
        if (parked) this.#options.log.error({ err }, 'message handler failed after its conversation');
      })
      .finally(() => {
        this.#flows.delete(event.id);
        this.#starts.delete(event.id);
      });
    await Promise.race([
      work,
      started.then(() => {
        parked = true;
      }),
    ]);
  }

  /** Ends the conversations a previous process of this app left waiting, telling each person. */
  async endInterrupted(): Promise<number> {
    // A host without a store (a bare test harness) answers nothing: then nothing was left.
    const left = (await this.#options.store.list(SAVED_PREFIX)) ?? [];
    for (const { key, value } of left) {
      const saved = value as Partial<SavedConversation> | undefined;
      if (saved?.replyTo && saved.interrupted) {
        await this.#options.send(saved.replyTo, { text: saved.interrupted });
      }
      await this.#options.store.delete(key);
    }
    return left.length;
  }

  /** Gives a message to a waiting question; false when the question was answered meanwhile. */
  async #answer(conversation: Conversation, text: string): Promise<boolean> {
    const next = conversation.nextPause();
    if (!(await conversation.receive(text))) return false;
    const flow = conversation.originId === undefined ? undefined : this.#flows.get(conversation.originId);
    // A dialog started outside a message (a run): nothing here tracks its handler, so do not wait.
    if (!flow) return true;
    // When the dialog ended, its handler may still reply (a summary, a "saved"): wait for that too.
    await Promise.race([next.then((how) => (how === 'ended' ? flow : undefined)), flow]);
    return true;
  }
}
