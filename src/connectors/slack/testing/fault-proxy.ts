import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test support: a pass-through in front of the emulator's Web API that can answer the next call
 * itself — a 503 (the emulator injects only 500) or a 5xx whose body quotes credentials.
 */
export interface FaultProxy {
  apiUrl: string;
  answerNext(status: number, body: string): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const armed: Array<{ status: number; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fault = armed.shift();
      if (fault) {
        res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(fault.body);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host',
        ),
      );
      const url = new URL(req.url ?? '/', target);
      fetch(url, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) }).then(
        async (answer) => {
          res
            .writeHead(answer.status, Object.fromEntries(answer.headers))
            .end(Buffer.from(await answer.arrayBuffer()));
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    answerNext: (status, body) => armed.push({ status, body }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
