/**
 * The one way opsbot removes secret values from text: log lines, stored delivery and inbox errors,
 * config messages, connector errors. The process-wide `secretRedactor` is seeded with every secret
 * value resolved at config load; connectors add the credentials they obtain later (access tokens)
 * to a `scope()` of it, so their errors are scrubbed of both.
 */

export interface RedactorOptions {
  /** What replaces a secret. Default "[redacted]". */
  censor?: string;
  /** Shorter values are ignored: "1" or "bot" would blank ordinary words. Default 6. */
  minLength?: number;
}

const DEFAULT_MIN_LENGTH = 6;
/** Lines of a multi-line secret shorter than this are too likely to be ordinary text. */
const MIN_LINE_LENGTH = 16;
const CONFIG_SECRET_MIN_LENGTH = 4;

export class Redactor {
  readonly censor: string;
  private readonly minLength: number;
  private readonly values = new Set<string>();
  private readonly parent: Redactor | undefined;
  private pattern: RegExp | null | undefined;

  constructor(options: RedactorOptions = {}, parent?: Redactor) {
    this.censor = options.censor ?? '[redacted]';
    this.minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
    this.parent = parent;
  }

  /**
   * Adds a secret, with the forms it takes inside JSON text and inside a URL. A multi-line secret
   * (a PEM key) also adds each of its long lines: an error page may quote one line of it.
   */
  add(value: string | undefined | null): void {
    if (!value || value.length < this.minLength) return;
    if (value.includes('\n')) {
      for (const line of value.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed.length >= MIN_LINE_LENGTH && !trimmed.startsWith('-----')) this.add(trimmed);
      }
    }
    for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) {
      if (form.length >= this.minLength && !this.values.has(form)) {
        this.values.add(form);
        this.pattern = undefined;
      }
    }
  }

  addAll(values: Iterable<string | undefined | null>): void {
    for (const value of values) this.add(value);
  }

  /** A redactor that removes this one's values plus its own (a connection's tokens), same censor. */
  scope(): Redactor {
    return new Redactor({ censor: this.censor, minLength: this.minLength }, this);
  }

  redact(text: string): string {
    const own = this.compiled();
    const out = own ? text.replace(own, this.censor) : text;
    return this.parent ? this.parent.redact(out) : out;
  }

  private compiled(): RegExp | null {
    if (this.pattern !== undefined) return this.pattern;
    // Longest first, so a value containing another is replaced whole.
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    return this.pattern;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every secret resolved from the config, process-wide: used by the logger and stored error texts. */
export const secretRedactor = new Redactor({ minLength: CONFIG_SECRET_MIN_LENGTH });

/** `text` with each of `values` replaced by `censor` (a one-off redactor for a known set). */
export function redactValues(text: string, values: Iterable<string>, options: RedactorOptions = {}): string {
  const redactor = new Redactor(options);
  redactor.addAll(values);
  return redactor.redact(text);
}

/** A connection URL with its password masked (store URLs end up in error messages). */
export function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

/** Query keys whose values are credentials in the URLs people configure (webhooks, signed links, APIs). */
const URL_SECRET_QUERY =
  /([?&](?:access_token|token|auth|api[-_]?key|key|code|sig|signature|secret|client_secret|password|x-api-key)=)[^&#\s"']*/gi;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"']*):[^\s/?#@"']*@/gi;

/**
 * Every URL in `text` with its credentials masked: the password of `user:pass@` and the values of
 * known token query keys (`?sig=…`, `&access_token=…`). For config written in plain, whose values
 * are not among the resolved secrets.
 */
export function maskUrlCredentials(text: string, censor = '***'): string {
  return text.replace(URL_USERINFO, `$1:${censor}@`).replace(URL_SECRET_QUERY, `$1${censor}`);
}
