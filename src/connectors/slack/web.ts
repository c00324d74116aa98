import { createRequire } from 'node:module';
import type * as SlackWebApi from '@slack/web-api';
import type { Logger as SlackLogger, WebClient } from '@slack/web-api';
import type { Logger } from '../../platform/log.ts';
import type { Redactor } from '../../platform/redact.ts';

const require = createRequire(import.meta.url);

/** The Slack client library, loaded by the first Slack connection rather than by every daemon. */
export function slackWebApi(): typeof SlackWebApi {
  return require('@slack/web-api');
}

/**
 * The official Web API client, told never to retry or wait by itself: the outbox owns retries and
 * honours Retry-After per connection, so a 429 must come back at once as an error.
 */
export function createWebClient(token: string, apiUrl: string, log: Logger, redactor: Redactor): WebClient {
  const { LogLevel, WebClient } = slackWebApi();
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: slackLogger(log, redactor),
    logLevel: LogLevel.WARN,
  });
}

/**
 * Slack's logger interface onto ours, every line through the redactor. Debug lines are dropped:
 * the clients log whole request and envelope bodies there (a modal's typed password included).
 */
export function slackLogger(log: Logger, redactor: Redactor): SlackLogger {
  let level = slackWebApi().LogLevel.WARN;
  const text = (parts: unknown[]) =>
    redactor.redact(parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' '));
  return {
    debug: () => {},
    info: (...parts) => log.info(text(parts)),
    warn: (...parts) => log.warn(text(parts)),
    error: (...parts) => log.error(text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
