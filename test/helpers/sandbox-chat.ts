import { createHmac, randomUUID } from 'node:crypto';
import { until } from './cli.ts';

interface SandboxMessage {
  id: number;
  destination: string;
  direction: string;
  payload: { kind: string; message?: { text?: string } };
}

/**
 * A person typing in one sandbox channel of a running daemon: signed callbacks on /hooks/<connection>
 * in, the bot's replies read back from /sandbox/api/messages.
 */
export class SandboxChat {
  readonly #url: string;
  readonly #secret: string;
  readonly #channel: string;
  readonly #connection: string;
  #seen = 0;

  constructor(url: string, options: { secret: string; channel: string; connection?: string }) {
    this.#url = url;
    this.#secret = options.secret;
    this.#channel = options.channel;
    this.#connection = options.connection ?? 'sandbox';
  }

  /** Sends `text` as `user` and returns the texts of the next `replies` bot messages in the channel. */
  async say(user: string, text: string, replies = 1): Promise<string[]> {
    const body = JSON.stringify({ id: randomUUID(), channel: this.#channel, user, text });
    const signature = `sha256=${createHmac('sha256', this.#secret).update(body).digest('hex')}`;
    const res = await fetch(`${this.#url}/hooks/${this.#connection}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opsbot-signature': signature },
      body,
    });
    if (res.status !== 200) throw new Error(`hook answered ${res.status}: ${await res.text()}`);
    return this.replies(replies, `${replies} repl(ies) to "${text}"`);
  }

  /** Waits for the next `count` bot messages in the channel (after those already returned). */
  async replies(count: number, what = `${count} bot message(s)`): Promise<string[]> {
    const fresh = await until(what, async () => {
      const out = (await this.#messages()).filter((m) => m.direction === 'out');
      return out.length >= this.#seen + count && out.slice(this.#seen, this.#seen + count);
    });
    this.#seen += count;
    return fresh.map((m) => m.payload.message?.text ?? JSON.stringify(m.payload));
  }

  /** Bot messages beyond those already returned (to prove none came). */
  async extra(): Promise<string[]> {
    const out = (await this.#messages()).filter((m) => m.direction === 'out');
    return out.slice(this.#seen).map((m) => m.payload.message?.text ?? JSON.stringify(m.payload));
  }

  async #messages(): Promise<SandboxMessage[]> {
    const query = new URLSearchParams({
      connection: this.#connection,
      destination: `channel/${this.#channel}`,
    });
    // A connection with a secret opens the sandbox API to signed calls; a GET signs its target.
    const target = `/sandbox/api/messages?${query}`;
    const signature = `sha256=${createHmac('sha256', this.#secret).update(target).digest('hex')}`;
    const res = await fetch(`${this.#url}${target}`, { headers: { 'x-opsbot-signature': signature } });
    const body = (await res.json()) as { messages: SandboxMessage[] };
    return body.messages;
  }
}
