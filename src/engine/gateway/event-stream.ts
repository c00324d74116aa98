import type { FastifyReply } from 'fastify';

/** Ends of the live streams open on a gateway: close() ends them, since they never finish alone. */
export type StreamSet = Set<() => void>;

/** A comment line this often keeps proxies and browsers from timing out an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Turns the reply into a Server-Sent Events stream. `subscribe` gets a writer for whole events and
 * returns its unsubscribe, which runs once, when the client goes away or the gateway closes.
 */
export function openEventStream(
  reply: FastifyReply,
  streams: StreamSet,
  subscribe: (write: (event: string) => void) => () => void,
): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const unsubscribe = subscribe((event) => res.write(event));
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  const cleanup = () => {
    if (!streams.delete(end)) return;
    clearInterval(keepalive);
    unsubscribe();
  };
  const end = () => {
    cleanup();
    res.end();
  };
  streams.add(end);
  // The response's 'close' (not the request's, which fires once a GET's empty body is read) is
  // the client going away.
  res.once('close', cleanup);
}
