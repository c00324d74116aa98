import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/log.ts';
import { type Harness, startHarness } from '../gateway/test-harness.ts';
import { Receivers } from './receivers.ts';
import { openPollConnector } from './testing/poll-connector.ts';

/** A poll receiver wired as the daemon wires it: its events take the gateway's inbound path. */
describe('poll receivers through the gateway', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('stores each polled event in the inbox once and routes it to the apps once', async () => {
    h = await startHarness();
    const harness = h;
    const poll = openPollConnector('feed', { queue: ['one', 'two'] });
    const receivers = new Receivers({
      connectors: [poll],
      sink: (connector, events) => harness.gateway.receive(connector, events),
      log: silentLogger(),
    });
    await receivers.start();
    await poll.client!.tick();
    await poll.client!.tick();
    const routed = await harness.waitForInbound(2);
    expect(routed.map((e) => [e.connection, e.id, e.text])).toEqual([
      ['feed', 'm0', 'one'],
      ['feed', 'm1', 'two'],
    ]);
    // The same event polled again (a receiver that lost its cursor) is a duplicate: stored once,
    // and the sink says so by leaving it out of what it resolves with.
    const again = await harness.gateway.receive(poll, [
      { id: 'm0', type: 'message', replyTo: 'feed/x', user: 'u', text: 'one' },
      { id: 'm2', type: 'message', replyTo: 'feed/x', user: 'u', text: 'three' },
    ]);
    expect(again.map((e) => [e.id, e.text, 'inboxId' in e])).toEqual([['m2', 'three', false]]);
    const rows = (await harness.store.inbox.listNew(100)).filter((r) => r.connection === 'feed');
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual(['m0', 'm1', 'm2']);
    expect(harness.inbound).toHaveLength(3);
    await receivers.stop();
  });
});
