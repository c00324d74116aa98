import type { Conversation, IncomingMessage } from 'opsbot';
import type { Person } from '../people.ts';
import type { Service } from '../services.ts';

/** One confirmed request: the open conversation, the message that started it, who and what. */
export interface Turn {
  conv: Conversation;
  message: IncomingMessage;
  person: Person;
  service: Service;
}

/** A string option of a catalogue entry, when it is one. */
export const textOption = (service: Service, key: string): string | undefined => {
  const value = service.options[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
