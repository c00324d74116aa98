import { FakeClock } from '../../platform/clock.ts';
import { type Backend, postgresBackend, sqliteBackend } from '../../platform/store/testing/backends.ts';
import { LocalDeliveryQueue } from './local-delivery-queue.ts';
import { deliveryQueueCases, type QueueBacking } from './testing/delivery-queue-cases.ts';

/** The local queue on each store dialect; cluster mode runs the same cases against BullMQ. */
function backingOn(makeBackend: () => Promise<Backend>): () => Promise<QueueBacking> {
  return async () => {
    const backend = await makeBackend();
    const clock = new FakeClock('2026-01-05T00:00:00Z');
    return {
      async open({ lease }) {
        const store = await backend.open();
        return new LocalDeliveryQueue({ outbox: store.outbox, clock, lease });
      },
      advance: (ms) => clock.advance(ms),
      now: () => clock.now(),
      reset: () => backend.reset(),
      dispose: () => backend.dispose(),
    };
  };
}

deliveryQueueCases('local on sqlite', backingOn(sqliteBackend));
deliveryQueueCases('local on postgres', backingOn(postgresBackend));
