import { OpsbotError } from '../../platform/errors.ts';

export type ConversationEndReason = 'cancelled' | 'timeout' | 'interrupted' | 'replaced' | 'ended';

/**
 * A waiting ask()/confirm() that will never get its answer. The person has already been told (for
 * cancel and timeout); a handler may catch it to clean up, or let it through: the host treats it
 * as a normal end of the dialog, not as a failed handler.
 */
export class ConversationEnded extends OpsbotError {
  readonly reason: ConversationEndReason;

  constructor(reason: ConversationEndReason, message = `conversation ended (${reason})`) {
    super(`CONVERSATION_${reason.toUpperCase()}`, message);
    this.name = 'ConversationEnded';
    this.reason = reason;
  }
}

/** The person typed a cancel word. */
export class ConversationCancelled extends ConversationEnded {
  constructor() {
    super('cancelled', 'the person cancelled the conversation');
    this.name = 'ConversationCancelled';
  }
}

/** The person did not answer within the conversation's ttl. */
export class ConversationTimedOut extends ConversationEnded {
  constructor() {
    super('timeout', 'the person did not answer in time');
    this.name = 'ConversationTimedOut';
  }
}
