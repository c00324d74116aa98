// Small apps the cluster tests and the cluster benchmark run, written to each node's folder.

/**
 * `opsbot do sender send --set from=0 --set count=200 [--set prefix=m] [--set batch=20]` queues
 * `count` messages `<prefix>-<i>` to the `hook` connection from the node it is run on, `batch`
 * notifies at a time (default 1: one after another).
 */
export const SENDER_APP = `import { defineApp } from 'opsbot';
export default defineApp({
  actions: {
    async send(ctx, args) {
      const from = Number(args.from ?? 0);
      const count = Number(args.count ?? 1);
      const prefix = String(args.prefix ?? 'm');
      const batch = Math.max(1, Number(args.batch ?? 1));
      for (let i = from; i < from + count; i += batch) {
        const upTo = Math.min(from + count, i + batch);
        const sends = [];
        for (let j = i; j < upTo; j++) sends.push(ctx.notify('hook', prefix + '-' + j));
        await Promise.all(sends);
      }
      return { queued: count };
    },
  },
});
`;

/**
 * A job on the app's schedule that fails unless it knows its occurrence: a whole second (the
 * schedule fires every second), so app_runs records outcome 'error' for a run without one.
 */
export const TICK_APP = `import { defineApp } from 'opsbot';
export default defineApp({
  async run(ctx) {
    const at = ctx.occurrence;
    if (!(at instanceof Date) || at.getTime() % 1000 !== 0) throw new Error('no occurrence: ' + String(at));
  },
});
`;

/**
 * A listener app (a singleton: it has a start): binds \`with.port\` and, per line a client sends,
 * queues it to \`hook\` and answers \`ok <line>\` only after ctx.notify resolved (the message is
 * in the outbox), so an acknowledged line must reach the receiver whatever dies after.
 */
export const LISTENER_APP = `import net from 'node:net';
import { defineApp, z } from 'opsbot';
export default defineApp({
  options: z.object({ port: z.number().int() }),
  async start(ctx) {
    const server = net.createServer((socket) => {
      let buffer = '';
      let chain = Promise.resolve();
      socket.setEncoding('utf8');
      socket.on('error', () => {});
      socket.on('data', (data) => {
        buffer += data;
        for (let at = buffer.indexOf('\\n'); at >= 0; at = buffer.indexOf('\\n')) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 1);
          chain = chain
            .then(() => ctx.notify('hook', line))
            .then(() => { if (!socket.destroyed) socket.write('ok ' + line + '\\n'); })
            .catch((err) => ctx.log.warn({ err: String(err) }, 'not queued: ' + line));
        }
      });
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(ctx.options.port, '127.0.0.1', () => resolve(undefined));
    });
    ctx.log.info('listening on ' + ctx.options.port);
    ctx.signal.addEventListener('abort', () => server.close());
  },
});
`;
