import { afterEach, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../sandbox/slack/index.ts';
import { type SlackRig, startRigWithEmulator } from './test-harness.ts';

/** Destinations beyond channels, and the client apps reach over IPC, against the emulator. */

const USER = 'U01MINJUN';
let rig: SlackRig;
let emu: SlackEmulator;
afterEach(async () => {
  await rig?.close();
  await emu?.close();
});

async function start(): Promise<void> {
  ({ rig, emu } = await startRigWithEmulator());
}

const meta = { idempotencyKey: 'k', attempt: 1 };
const text = (t: string) => ({ kind: 'portable' as const, message: { text: t } });

describe('slack destinations and client', () => {
  it('user/ opens the DM once; ephemeral/ reaches one person', async () => {
    await start();
    await rig.connector.send!(`user/${USER}`, text('하나'), meta);
    await rig.connector.send!(`user/${USER}`, text('둘'), meta);
    expect(emu.dmWith(USER).map((m) => m.text)).toEqual(['하나', '둘']);
    expect(emu.calls('conversations.open')).toHaveLength(1);
    await rig.connector.send!(`ephemeral/C02ATTEND/${USER}`, text('나만 봄'), meta);
    expect(emu.messagesIn('C02ATTEND').map((m) => [m.text, m.ephemeral, m.user])).toEqual([
      ['나만 봄', true, USER],
    ]);
  });

  it('response/<trigger> posts to the remembered response_url five times, then DMs the person', async () => {
    await start();
    await emu.slashCommand({ command: '/attendance', user: USER, channel: 'C02ATTEND' });
    const key = rig.routed[0]!.id.replace('slack:command:', '');
    for (let i = 1; i <= 6; i++) await rig.connector.send!(`response/${key}`, text(`답 ${i}`), meta);
    const viaUrl = emu.state.messages.filter((m) => m.via === 'response_url').map((m) => m.text);
    expect(viaUrl).toEqual(['답 1', '답 2', '답 3', '답 4', '답 5']);
    expect(emu.dmWith(USER).map((m) => m.text)).toEqual(['답 6']);
    // The URL is a credential of sorts: kept encrypted, never in the inbox.
    expect(JSON.stringify(await rig.store.inbox.listNew(10))).not.toContain('/response/');
    await rig.clock.advance(31 * 60_000);
    await emu.slashCommand({ command: '/attendance', user: USER, channel: 'C02ATTEND' });
    const late = rig.routed[1]!.id.replace('slack:command:', '');
    await rig.clock.advance(31 * 60_000);
    await rig.connector.send!(`response/${late}`, text('늦은 답'), meta);
    expect(emu.dmWith(USER).map((m) => m.text)).toEqual(['답 6', '늦은 답']);
    const unknown = await rig.connector.send!('response/nope', text('x'), meta).catch(
      (e: Error) => e.message,
    );
    expect(unknown).toBe('slack: no response_url was received for "nope"');
  });

  it('uploadFile puts a file into a channel and a DM; postMessage answers the ts', async () => {
    await start();
    const client = rig.connector.client!;
    const data = new TextEncoder().encode('date,in,out\n2026-11-02,09:00,18:00\n');
    const one = await client.uploadFile({
      to: 'channel/C02ATTEND',
      filename: 'timecard.csv',
      data,
      title: '근태표',
      comment: '11월',
    });
    const two = await client.uploadFile({ to: `user/${USER}`, filename: 'mine.csv', data });
    const files = emu.state.files;
    expect(files.map((f) => [f.id, f.filename, f.length, f.channels, f.completed])).toEqual([
      [one.fileId, 'timecard.csv', data.length, ['C02ATTEND'], true],
      [two.fileId, 'mine.csv', data.length, [emu.dmChannel(USER)], true],
    ]);
    const posted = await client.postMessage('channel/C01GENERAL', {
      text: 'hi',
      blocks: [{ type: 'divider' }],
    });
    expect(posted.channel).toBe('C01GENERAL');
    expect(emu.messagesIn('C01GENERAL').map((m) => m.ts)).toEqual([posted.ts]);
    const refused = await client
      .uploadFile({ to: 'channel/C99NOPE', filename: 'x.txt', data })
      .catch((e: Error) => e.message);
    expect(refused).toContain('channel_not_found');
  });
});
