import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the sink received. */
export interface Arrival {
  /** Date.now() when the request's body had arrived. */
  at: number;
  /** The Idempotency-Key header (the outbox id). */
  key: string;
  /** `text` of the posted JSON (a portable message). */
  text: string;
}

export interface WebhookSinkOptions {
  /** Ms before each answer, so deliveries stay in flight (default 0). */
  delayMs?: number;
  /** Answer one request at a time, each after `delayMs` (a slow receiver). Default false. */
  serial?: boolean;
}

/** The most arrivals inside any window of `windowMs` (sliding, both ends inclusive of the arrivals). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * The webhook receiver the daemons deliver to: records every request (time, Idempotency-Key, text)
 * and answers 200. A receiver dedupes by the key, so a message counts once per key; a text seen under
 * two keys would be one message queued twice.
 */
export class WebhookSink {
  readonly arrivals: Arrival[] = [];
  readonly #server: http.Server;
  readonly #options: WebhookSinkOptions;
  #line: Promise<void> = Promise.resolve();

  private constructor(options: WebhookSinkOptions) {
    this.#options = options;
    this.#server = http.createServer((req, res) => this.#receive(req, res));
  }

  static async start(options: WebhookSinkOptions = {}): Promise<WebhookSink> {
    const sink = new WebhookSink(options);
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/in`;
  }

  /** text → the keys it arrived under (each arrival counted in `arrivals`). */
  byText(): Map<string, Set<string>> {
    const map = new Map<string, Set<string>>();
    for (const a of this.arrivals) map.set(a.text, (map.get(a.text) ?? new Set()).add(a.key));
    return map;
  }

  /** Distinct idempotency keys received. */
  keys(): Set<string> {
    return new Set(this.arrivals.map((a) => a.key));
  }

  /** True once every text in `texts` has arrived at least once. */
  has(texts: Iterable<string>): boolean {
    return this.missing(texts).length === 0;
  }

  /** The texts of `texts` that have not arrived (yet). */
  missing(texts: Iterable<string>): string[] {
    const seen = new Set(this.arrivals.map((a) => a.text));
    return [...texts].filter((t) => !seen.has(t));
  }

  /** Resolves once every text has arrived; else throws naming some that did not. */
  async waitFor(texts: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let missing = this.missing(texts); missing.length; missing = this.missing(texts)) {
      if (Date.now() > deadline)
        throw new Error(
          `${missing.length} of ${texts.length} message(s) not at the receiver after ${timeoutMs} ms, ` +
            `e.g. ${missing.slice(0, 10).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      let text = '';
      try {
        text = String((JSON.parse(body) as { text?: unknown }).text ?? body);
      } catch {
        text = body;
      }
      this.arrivals.push({ at: Date.now(), key: String(req.headers['idempotency-key'] ?? ''), text });
      const answer = () => new Promise<void>((r) => setTimeout(r, this.#options.delayMs ?? 0));
      const reply = () => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (this.#options.serial) this.#line = this.#line.then(answer).then(reply);
      else void answer().then(reply);
    });
  }
}
