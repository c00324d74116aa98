/** Binding shared by the holiday emulators: loopback, an ephemeral port unless one is asked for. */
import type { FastifyInstance } from 'fastify';

export interface HolidayEmulator {
  /** Base URL to hand the client as `baseUrl`. */
  url: string;
  /** Every request seen, query included (the secret too: this is a test double). */
  requests: Array<{ path: string; query: Record<string, string> }>;
  close(): Promise<void>;
}

export async function listen(app: FastifyInstance, port: number | undefined): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

export function recordRequests(app: FastifyInstance, requests: HolidayEmulator['requests']): void {
  app.addHook('onRequest', async (req) => {
    const url = new URL(req.url, 'http://emulator');
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
  });
}
