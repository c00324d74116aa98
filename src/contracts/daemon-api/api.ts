import type { z } from 'zod';
import { OpsbotError } from '../../platform/errors.ts';

/**
 * The daemon API in one shape: a method is a name, a zod schema for its arguments and one for its
 * result. The server validates arguments before a handler sees them; clients are typed from the
 * same map and parse what comes back. Adding a method = one entry in a map + one handler.
 */

export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
  /** Argument fields never written to the daemon's log (an OAuth code, a password). */
  secret?: readonly string[];
}

export type ApiSpec = Record<string, MethodSpec>;

/** What a caller passes (before defaults). */
export type ArgsOf<M extends ApiSpec, K extends keyof M> = z.input<M[K]['args']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedArgs<M extends ApiSpec, K extends keyof M> = z.output<M[K]['args']>;
/** What a handler returns and a client gets back. */
export type ResultOf<M extends ApiSpec, K extends keyof M> = z.output<M[K]['result']>;

export type Handler<M extends ApiSpec, K extends keyof M, C> = (
  args: ParsedArgs<M, K>,
  ctx: C,
) => Promise<ResultOf<M, K>> | ResultOf<M, K>;

/** One handler per method: a missing one is a type error. */
export type Handlers<M extends ApiSpec, C> = { [K in keyof M]: Handler<M, K, C> };

export type Dispatch<C> = (method: string, args: unknown, ctx: C) => Promise<unknown>;

export function unknownMethod(method: string): OpsbotError {
  return new OpsbotError('UNKNOWN_METHOD', `unknown method "${method}"`, { exitCode: 2 });
}

/** "args.ids: Invalid input: expected array, received string" — the first problem, with its path. */
export function badArgs(method: string, error: z.ZodError): OpsbotError {
  const issue = error.issues[0];
  const where = ['args', ...(issue?.path ?? []).map(String)].join('.');
  return new OpsbotError('BAD_ARGS', `${method}: ${where}: ${issue?.message ?? 'invalid'}`, {
    exitCode: 2,
  });
}

/**
 * Validates arguments with the method's schema, then calls its handler. Methods of the map without
 * a handler (a CLI serving only some of them itself) answer as unknown.
 */
export function createDispatcher<M extends ApiSpec, C>(
  api: M,
  handlers: Partial<Handlers<M, C>>,
  onCall?: (method: string, args: unknown, ctx: NoInfer<C>) => void,
): Dispatch<C> {
  return async (method, args, ctx) => {
    const spec = Object.hasOwn(api, method) ? api[method] : undefined;
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (!spec || !handler) throw unknownMethod(method);
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) throw badArgs(method, parsed.error);
    onCall?.(method, parsed.data, ctx);
    return (handler as Handler<M, string, C>)(parsed.data as never, ctx);
  };
}

/** Keys whose values look like secrets wherever they appear (an action's `--set token=…`). */
const SECRET_KEY = /password|secret|token|apikey|api_key|privatekey|credential/i;

function mask(value: unknown, depth = 0): unknown {
  if (depth > 5 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : mask(v, depth + 1)]),
  );
}

/** Arguments as they may be logged: the method's secret fields and secret-looking keys replaced. */
export function publicArgs(spec: MethodSpec | undefined, args: unknown): unknown {
  const masked = mask(args);
  if (!spec?.secret?.length || typeof masked !== 'object' || masked === null || Array.isArray(masked))
    return masked;
  const copy: Record<string, unknown> = { ...(masked as Record<string, unknown>) };
  for (const field of spec.secret) if (field in copy) copy[field] = '[redacted]';
  return copy;
}

export type Send = (method: string, args: unknown) => Promise<unknown>;
export type Call<M extends ApiSpec> = <K extends keyof M & string>(
  method: K,
  args: ArgsOf<M, K>,
) => Promise<ResultOf<M, K>>;

/** A typed client over any transport: the answer is parsed with the method's result schema. */
export function createClient<M extends ApiSpec>(api: M, send: Send): Call<M> {
  return async (method, args) => {
    const spec = api[method];
    if (!spec) throw unknownMethod(method);
    const answer = await send(method, args);
    const parsed = spec.result.safeParse(answer);
    if (parsed.success) return parsed.data as ResultOf<M, typeof method>;
    const issue = parsed.error.issues[0];
    throw new OpsbotError(
      'BAD_RESULT',
      `${method} answered unexpectedly: ${['result', ...(issue?.path ?? []).map(String)].join('.')}: ${issue?.message}`,
    );
  };
}

/**
 * A typed client that takes the answer as it comes. Only for a caller whose server is its own
 * parent: an app host asks the daemon that started it and checks every call, so parsing the answer
 * again would only load zod (95 modules, about 18 MiB) into every app.
 */
export function createTrustedClient<M extends ApiSpec>(send: Send): Call<M> {
  return (method, args) => send(method, args) as Promise<ResultOf<M, typeof method>>;
}
