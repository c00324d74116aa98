import type { Connector } from '../connectors/types.ts';
import { FormService } from '../engine/forms/service.ts';
import { formSigningKey } from '../engine/forms/token.ts';
import type { Outbox } from '../engine/outbox/outbox.ts';
import type { Clock } from '../platform/clock.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import type { AppProcess } from './app-process.ts';

/** The daemon's form service, talking to apps through their processes (validate, submit over IPC). */
export function createFormService(deps: {
  store: Store;
  clock: Clock;
  log: Logger;
  masterKey: Buffer;
  config: () => LoadedConfig;
  outbox: () => Outbox;
  connectors: () => ReadonlyMap<string, Connector>;
  apps: () => ReadonlyMap<string, { process: AppProcess }>;
}): FormService {
  const processOf = (app: string) => deps.apps().get(app)?.process;
  return new FormService({
    store: deps.store,
    clock: deps.clock,
    log: deps.log.child({ part: 'forms' }),
    // 'form' is a third outbox payload kind next to portable and native (the outbox stores it as is).
    outbox: {
      enqueue: (request) => deps.outbox().enqueue(request as unknown as Parameters<Outbox['enqueue']>[0]),
    },
    connectors: deps.connectors,
    targets: () => deps.config().targets,
    publicUrl: () => deps.config().http.publicUrl,
    signingKey: formSigningKey(deps.masterKey),
    apps: {
      async validate(app, submission) {
        const result = await processOf(app)?.formCall('validate', submission);
        return result?.ok ? result.errors : 'down';
      },
      async deliver(app, submission) {
        const result = await processOf(app)?.formCall('submit', submission);
        return Boolean(result?.ok && result.taken);
      },
    },
  });
}
