import { createServer } from 'node:net';
import { OpsbotError } from '../platform/errors.ts';

/**
 * Refuses a port someone else holds before anything is created (dataDir, store, master key, logs),
 * so a start that cannot listen leaves nothing behind. The gateway still binds for real later.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new OpsbotError('PORT_IN_USE', `port ${port} on ${host} is in use (http.port)`, { cause: err }),
        );
      } else resolve(); // Other errors (a host not on this machine) are the gateway's to report.
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
