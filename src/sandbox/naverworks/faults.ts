/** Injected failures and the optional per-operation rate limiter. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.ts';
import { restError } from './replies.ts';
import type { FaultSpec } from './types.ts';

const FAULT_CODES: Record<FaultSpec['status'], string> = {
  401: 'UNAUTHORIZED',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

function pathMatches(spec: FaultSpec, path: string): boolean {
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string' ? path.includes(spec.path) : spec.path.test(path);
}

function secondsToWindowEnd(nowMs: number): number {
  return 60 - Math.floor((nowMs / 1000) % 60);
}

/** Returns true when a fault answered the request. Each match consumes one of `times`. */
export function applyFault(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply): boolean {
  const path = req.url.split('?')[0] ?? req.url;
  const index = ctx.state.faults.findIndex(
    (f) => f.times > 0 && pathMatches(f, path) && (!f.method || f.method.toUpperCase() === req.method),
  );
  if (index < 0) return false;
  const fault = ctx.state.faults[index]!;
  fault.times -= 1;
  if (fault.times <= 0) ctx.state.faults.splice(index, 1);
  if (fault.status === 429) {
    reply.headers({
      'ratelimit-limit': String(ctx.options.rateLimit?.perMinute ?? 240),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(secondsToWindowEnd(ctx.now())),
    });
  }
  if (fault.headers) reply.headers(fault.headers);
  if (fault.body !== undefined) {
    reply.code(fault.status).send(fault.body);
  } else {
    restError(reply, fault.status, FAULT_CODES[fault.status], `injected ${fault.status}`);
  }
  return true;
}

export interface RateLimiter {
  /** Returns true when the request may continue; otherwise the 429 has been sent. */
  check(req: FastifyRequest, reply: FastifyReply): boolean;
}

/** Fixed one-minute windows aligned to the clock, counted per `METHOD /route/pattern`. */
export function createRateLimiter(ctx: EmulatorContext): RateLimiter {
  const windows = new Map<string, { minute: number; used: number }>();
  return {
    check(req, reply) {
      const config = ctx.options.rateLimit;
      const route = req.routeOptions.url;
      if (!config || !route) return true;
      const operation = `${req.method} ${route}`;
      const limit = config.overrides?.[operation] ?? config.perMinute;
      const now = ctx.now();
      const minute = Math.floor(now / 60_000);
      let win = windows.get(operation);
      if (!win || win.minute !== minute) {
        win = { minute, used: 0 };
        windows.set(operation, win);
      }
      const allowed = win.used < limit;
      if (allowed) win.used += 1;
      reply.headers({
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(limit - win.used),
        'ratelimit-reset': String(secondsToWindowEnd(now)),
      });
      if (allowed) return true;
      restError(reply, 429, 'TOO_MANY_REQUESTS', 'API rate limit exceeded');
      return false;
    },
  };
}
