import { createHmac } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, ROOT, until } from '../helpers/cli.ts';

interface SandboxMessage {
  destination: string;
  direction: string;
  author: string;
  payload: { kind: string; message?: { title?: string; text?: string }; text?: string };
}

/** The example config `make start` runs, on a free port, with a faster heartbeat and a signed sandbox. */
describe('the examples, as make start runs them', () => {
  const project = new Project('opsbot-examples-');
  let url = '';
  // The sandbox connection has a secret: its API needs the token `opsbot start` prints.
  let token = '';
  const messages = async (destination: string): Promise<SandboxMessage[]> => {
    const res = await fetch(`${url}/sandbox/api/messages`, { headers: { 'x-opsbot-sandbox-token': token } });
    const body = (await res.json()) as { messages: SandboxMessage[] };
    return body.messages.filter((m) => m.destination === destination);
  };

  beforeAll(async () => {
    cpSync(`${ROOT}/examples/apps`, project.path('apps'), { recursive: true });
    const config = readFileSync(`${ROOT}/examples/opsbot.yaml`, 'utf8')
      .replace('port: 8080', 'port: 0')
      .replace('"*/30 * * * * *"', '"* * * * * *"')
      .replace(/type: sandbox +#/, 'secret: e2e-secret\n    type: sandbox #');
    expect(config).toContain('secret: e2e-secret');
    project.write('opsbot.yaml', config);
    const started = await project.run('start', '--wait');
    expect(started.code).toBe(0);
    url = (await project.status()).url;
    token = /sandbox chat: \S+\?token=(\S+)/.exec(started.stderr)?.[1] ?? '';
    expect(token).not.toBe('');
  });
  afterAll(() => project.cleanup());

  it('the scheduled heartbeat runs and shows its last and next run', async () => {
    const status = await until('a heartbeat run', async () => {
      const s = await project.status();
      const hb = s.apps.find((a) => a.app === 'heartbeat');
      return hb?.lastRun?.outcome === 'ok' && s;
    });
    const hb = status.apps.find((a) => a.app === 'heartbeat')!;
    expect(hb.nextRun).toBeGreaterThan(Date.now() - 1000);
    const ops = await until('a heartbeat message in #ops', async () => {
      const m = await messages('channel/ops');
      return m.length > 0 && m;
    });
    expect(ops[0]).toMatchObject({
      direction: 'out',
      payload: { kind: 'portable', message: { title: 'Heartbeat' } },
    });
  });

  it('a person types /echo on the sandbox page and the bot answers in the same channel', async () => {
    const sent = await fetch(`${url}/sandbox/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opsbot-sandbox-token': token },
      body: JSON.stringify({ destination: 'general', user: 'mina', text: '/echo hello there' }),
    });
    expect(sent.status).toBe(200);
    const reply = await until('the echo', async () => {
      const m = await messages('channel/general');
      return m.find((x) => x.direction === 'out' && x.payload.message?.text === 'hello there');
    });
    expect(reply.author).toBe('opsbot');
  });

  it('signed callbacks on /hooks/sandbox reach the bot; forged ones get 401', async () => {
    const body = JSON.stringify({ id: 'evt-1', channel: 'hooks', user: 'ci', text: '/count' });
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const forged = await fetch(`${url}/hooks/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opsbot-signature': sign('wrong') },
      body,
    });
    expect(forged.status).toBe(401);
    for (let i = 0; i < 2; i++) {
      const ok = await fetch(`${url}/hooks/sandbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-opsbot-signature': sign('e2e-secret') },
        body,
      });
      expect(ok.status).toBe(200);
    }
    const answers = await until('the /count answer', async () => {
      const m = (await messages('channel/hooks')).filter((x) => x.direction === 'out');
      return m.length > 0 && m;
    });
    // The same event id twice is routed once.
    await new Promise((r) => setTimeout(r, 500));
    expect((await messages('channel/hooks')).filter((x) => x.direction === 'out')).toHaveLength(
      answers.length,
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]?.payload.message?.text).toMatch(/^ci, I have echoed \d+ message\(s\)\.$/);
  });

  it('the HTTP alert relay turns a POST into a message for each target in the fan-out', async () => {
    const denied = await fetch(`${url}/apps/alert-relay/alerts`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    const res = await fetch(`${url}/apps/alert-relay/alerts`, {
      method: 'POST',
      headers: { authorization: 'Bearer example-token', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Disk full', severity: 'error' }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: 2 });
    for (const destination of ['channel/ops', 'channel/general']) {
      await until(`the alert in ${destination}`, async () =>
        (await messages(destination)).some((m) => m.payload.message?.title === 'Disk full'),
      );
    }
  });

  it('healthz and metrics report the daemon', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('opsbot_app_state{app="echo-bot",state="running"} 1');
    expect(metrics).toMatch(/opsbot_runs_total\{app="heartbeat",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/opsbot_outbox_depth\{status="delivered"\} [1-9]/);
    expect(metrics).toMatch(/opsbot_delivery_latency_seconds_count\{connection="sandbox"\} [1-9]/);
    expect(metrics).toContain('opsbot_app_restarts_total');
  });
});
