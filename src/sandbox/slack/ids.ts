/** Slack-looking identifiers: upper-case letters and digits after a type prefix, and `seconds.micro` timestamps. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** e.g. `newId('V')` → `V8K2M4Q7ZR1` (the prefix says what kind of object it is, as in Slack). */
export function newId(prefix: string, length = 10): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Message timestamps double as message ids in Slack, so they must be unique and increasing even
 * when the clock stands still (tests freeze it): the micro part counts up within one second.
 */
export function createTsSource(clock: () => number): () => string {
  let lastSecond = 0;
  let micro = 0;
  return () => {
    const second = Math.floor(clock() / 1000);
    if (second > lastSecond) {
      lastSecond = second;
      micro = 0;
    }
    micro += 1;
    return `${lastSecond}.${String(micro).padStart(6, '0')}`;
  };
}

/** Trigger ids look like `123456.7890.abcdef…` in Slack; only their uniqueness matters. */
export function newTriggerId(clock: () => number): string {
  return `${Math.floor(clock() / 1000)}.${Math.floor(Math.random() * 1e10)}.${randomHex(16)}`;
}
