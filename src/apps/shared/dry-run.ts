import type { AppContext, AppStore, PortableMessage } from 'opsbot';

/**
 * The context a built-in app's run works with. Outside a dry run it is `ctx` itself. In a dry run
 * (`opsbot run APP --dry-run`) messages are logged as "would send" instead of queued, and store
 * writes (and curated closures) stay in memory for this run: the run still reads back what it wrote, but the next real
 * run sees the state as it was, so a dry run neither alerts anyone nor swallows a real alert.
 */
export function dryRunAware<O>(ctx: AppContext<O>): AppContext<O> {
  if (!ctx.dryRun) return ctx;
  const store = overlayStore(ctx.store);
  const wouldSend = async (target: string, message: unknown) => {
    ctx.log.info({ target, message: summary(message) }, 'dry run: would send');
    return { ids: [] };
  };
  const holidays = {
    diff: ctx.holidays.diff,
    add: async (closure: unknown) => {
      ctx.log.info({ closure }, 'dry run: would add a curated closure');
      return { replaced: false };
    },
  };
  const wouldSendMany: AppContext['notifyMany'] = async (messages, state) => {
    for (const m of messages) await wouldSend(m.target, m.message);
    if (state) await store.write(state);
    return { ids: [], failed: [] };
  };
  return Object.create(ctx, {
    store: { value: store },
    notify: { value: wouldSend },
    notifyMany: { value: wouldSendMany },
    send: { value: wouldSend },
    holidays: { value: holidays },
  }) as AppContext<O>;
}

function summary(message: unknown): unknown {
  if (typeof message === 'string') return message;
  const m = message as PortableMessage;
  return m && typeof m === 'object' && ('title' in m || 'text' in m)
    ? { title: m.title, text: m.text }
    : message;
}

/** Reads fall through to the real store; writes and deletes live in this object only. */
function overlayStore(real: AppStore): AppStore {
  const written = new Map<string, { value: unknown } | null>();
  return {
    async get<T>(key: string) {
      const own = written.get(key);
      if (own !== undefined) return (own?.value ?? undefined) as T | undefined;
      return real.get<T>(key);
    },
    async set(key, value) {
      written.set(key, { value: structuredClone(value) });
    },
    async delete(key) {
      const had = (await this.get(key)) !== undefined;
      written.set(key, null);
      return had;
    },
    async write(changes) {
      if (changes.set?.some((s) => s.value === undefined))
        throw new Error('cannot store undefined (use delete)');
      for (const { key, value } of changes.set ?? []) written.set(key, { value: structuredClone(value) });
      for (const key of changes.delete ?? []) written.set(key, null);
    },
    async list(prefix = '') {
      const merged = new Map((await real.list(prefix)).map((e) => [e.key, e.value]));
      for (const [key, own] of written) {
        if (!key.startsWith(prefix)) continue;
        if (own) merged.set(key, own.value);
        else merged.delete(key);
      }
      return [...merged].map(([key, value]) => ({ key, value }));
    },
  };
}
