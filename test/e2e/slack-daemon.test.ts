import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack/index.ts';
import { Project, until } from '../helpers/cli.ts';

/**
 * A real daemon with two Slack connections to the emulator: one over HTTP (POST /hooks/slack) and
 * one over Socket Mode. An app that works for a minute per command never delays Slack's ack.
 */

const SLOW_APP = `import { defineApp } from 'opsbot';
export default defineApp({
  async start(ctx) {
    ctx.onCommand('slow', async (cmd) => {
      await cmd.reply('working on ' + cmd.args.join(' '));
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      await cmd.reply('done');
    });
  },
});
`;

const USER = 'U02SEOYEON';
let http: SlackEmulator;
let socket: SlackEmulator;
const project = new Project('opsbot-slack-');

beforeAll(async () => {
  http = await startSlackEmulator();
  socket = await startSlackEmulator();
  socket.transport = 'socket';
  project.write('slow.ts', SLOW_APP);
  project.write(
    'opsbot.yaml',
    [
      'dataDir: ./data',
      'http: { port: 0 }',
      'connections:',
      `  slack: { type: slack, botToken: ${http.botToken}, signingSecret: ${http.signingSecret}, apiUrl: "${http.apiUrl}" }`,
      `  firewalled: { type: slack, botToken: ${socket.botToken}, signingSecret: ${socket.signingSecret}, appToken: ${socket.appToken}, apiUrl: "${socket.apiUrl}" }`,
      'apps:',
      '  slow: { use: ./slow.ts }',
    ].join('\n'),
  );
  const started = await project.run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
  http.requestUrl = `${(await project.status()).url}/hooks/slack`;
});

afterAll(async () => {
  await project.cleanup();
  await http?.close();
  await socket?.close();
});

const said = (emu: SlackEmulator, text: string) =>
  emu.dmWith(USER).some((m) => JSON.stringify(m).includes(text));

describe('Slack connections in a running daemon', () => {
  it('acks each slash command at once while the app works on the one before for a minute', async () => {
    for (const job of ['one', 'two']) {
      const started = Date.now();
      const ack = await http.slashCommand({ command: '/slow', text: job, user: USER, channel: 'C01GENERAL' });
      expect({ status: ack.status, body: ack.body, error: ack.error }).toEqual({
        status: 200,
        body: '',
        error: undefined,
      });
      expect(Date.now() - started).toBeLessThan(3000);
    }
    await until('both replies', () => said(http, 'working on one') && said(http, 'working on two'));
    expect(said(http, 'done')).toBe(false);
  });

  it('takes commands over Socket Mode, and again after Slack asks it to reconnect', async () => {
    await socket.waitForSocketConnections(1);
    const first = await socket.slashCommand({
      command: '/slow',
      text: 'a',
      user: USER,
      channel: 'C01GENERAL',
    });
    expect(first.envelopeId).toBeTruthy();
    await until('the reply over the Web API', () => said(socket, 'working on a'));
    await socket.disconnect('refresh_requested');
    await socket.waitForSocketConnections(2);
    await until('the socket back', () => socket.openSockets === 1);
    const again = await socket.slashCommand({
      command: '/slow',
      text: 'b',
      user: USER,
      channel: 'C01GENERAL',
    });
    expect(again.error).toBeUndefined();
    await until('the reply after the reconnect', () => said(socket, 'working on b'));
  });
});
