import { networkReason } from '../../platform/errors.ts';
import type { Redactor } from '../../platform/redact.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import type { WebexApi } from './api.ts';
import { parseDestination } from './destination.ts';
import type { Identity } from './identity.ts';
import type { WebexOutbound } from './outbound.ts';

/**
 * What `ctx.connector<WebexClient>('webex')` gives apps. Reached over IPC: arguments and results
 * are plain data (a file is a Uint8Array).
 */
export interface WebexClient {
  /** Downloads a file a message carried (an event's `files` URL) with the bot token. */
  download(url: string): Promise<WebexDownload>;
  /** Sends one file (multipart) to `room/<roomId>` or `person/<email>`, with an optional markdown text. */
  sendFile(file: WebexFileUpload): Promise<{ messageId: string }>;
  /** The bot itself. */
  me(): Promise<{ id: string; emails: string[] }>;
}

export interface WebexDownload {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface WebexFileUpload {
  to: string;
  filename: string;
  data: Uint8Array;
  markdown?: string;
  contentType?: string;
}

const DOWNLOAD_TIMEOUT_MS = 120_000;
const MAX_REDIRECTS = 3;
const WEBEX_HOST_SUFFIXES = ['.webexapis.com', '.webex.com'];

/** The token goes to the API's own origin or an https Webex host, never to wherever a URL points. */
export function trustsWithToken(url: URL, apiUrl: string): boolean {
  if (url.origin === new URL(apiUrl).origin) return true;
  const host = url.hostname.toLowerCase();
  return (
    url.protocol === 'https:' &&
    (host === 'webexapis.com' || WEBEX_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix)))
  );
}

/** `attachment; filename="a.pptx"` (or RFC 5987 `filename*=UTF-8''…`) → the name. */
export function filenameOf(disposition: string | null, url: URL): string {
  const star = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition ?? '');
  if (plain?.[1]) return plain[1].trim();
  return url.pathname.split('/').pop() || 'file';
}

export function webexClient(init: {
  api: WebexApi;
  token: string;
  outbound: WebexOutbound;
  identity: Identity;
  redactor: Redactor;
}): WebexClient {
  const { api, token, outbound, identity, redactor } = init;
  const fail = (message: string, retryable: boolean, status?: number) =>
    new DeliveryError(redactor.redact(message), { retryable, ...(status ? { status } : {}) });

  return {
    async download(url) {
      let at = new URL(url);
      if (!trustsWithToken(at, api.apiUrl)) {
        throw fail(`webex download: ${at.host} is not a Webex host; the bot token is not sent there`, false);
      }
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        let answer: Response;
        try {
          answer = await fetch(at, {
            // Redirects are followed by hand: the token goes only to Webex hosts.
            headers: trustsWithToken(at, api.apiUrl) ? { authorization: `Bearer ${token}` } : {},
            redirect: 'manual',
            signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
          });
        } catch (err) {
          throw fail(`webex download failed: ${networkReason(err)}`, true);
        }
        const location = answer.headers.get('location');
        if (answer.status >= 300 && answer.status < 400 && location) {
          at = new URL(location, at);
          continue;
        }
        if (!answer.ok)
          throw fail(
            `webex download answered ${answer.status}`,
            answer.status >= 500 || answer.status === 429,
            answer.status,
          );
        return {
          filename: filenameOf(answer.headers.get('content-disposition'), at),
          contentType: answer.headers.get('content-type') ?? 'application/octet-stream',
          data: new Uint8Array(await answer.arrayBuffer()),
        };
      }
      throw fail('webex download: too many redirects', false);
    },
    async sendFile(file) {
      const to = parseDestination(file.to);
      return outbound.postFile(to, file);
    },
    async me() {
      const me = await identity.refresh();
      return { id: me.id, emails: [...me.emails] };
    },
  };
}
