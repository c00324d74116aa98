import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeamsSink } from './sink.ts';
import type { TeamsSink } from './types.ts';

let sink: TeamsSink;
beforeEach(async () => {
  sink = await startTeamsSink();
});
afterEach(async () => {
  await sink.close();
});

function envelope(body: unknown[], actions: unknown[] = []) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  };
}

const post = (body: unknown) =>
  fetch(sink.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Teams sink page', () => {
  it('draws the cards newest first, with facts escaped, styles, colours and links', async () => {
    await post(envelope([{ type: 'TextBlock', text: 'first card' }]));
    await post(
      envelope(
        [
          { type: 'TextBlock', text: 'NCP error <b>802</b>', weight: 'bolder', color: 'attention' },
          {
            type: 'Container',
            style: 'warning',
            items: [
              {
                type: 'FactSet',
                facts: [{ title: 'Error Message', value: '<script>alert("x")</script> & co' }],
              },
            ],
          },
        ],
        [
          { type: 'Action.OpenUrl', title: 'Open console', url: 'https://console.ncloud.com/?a=1&b=2' },
          { type: 'Action.OpenUrl', title: 'Sneaky', url: 'javascript:alert(1)' },
        ],
      ),
    );
    await post({ text: 'legacy <i>connector</i> text' });
    const res = await fetch(sink.pageUrl);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await res.text();
    expect(html).toContain(
      '<th>Error Message</th><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</td>',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      '<div class="textblock" style="font-weight:bold;color:#c4314b;font-size:14px">NCP error &lt;b&gt;802&lt;/b&gt;</div>',
    );
    expect(html).toContain('<div class="container" style="background:#fff4ce">');
    expect(html).toContain(
      '<a class="action" href="https://console.ncloud.com/?a=1&amp;b=2" rel="noreferrer noopener" target="_blank">Open console</a>',
    );
    expect(html).toContain('<span class="action">Sneaky (javascript:alert(1))</span>');
    expect(html.indexOf('NCP error')).toBeLessThan(html.indexOf('first card'));
    expect(html).toContain('Failed runs (1)');
    expect(html).toContain('legacy &lt;i&gt;connector&lt;/i&gt; text');
    expect(html).not.toMatch(/<(script|img|link)\b/);
  });

  it('serves the same record as JSON', async () => {
    await post(envelope([{ type: 'TextBlock', text: 'hello' }]));
    await post({ text: 'no card' });
    const json = (await (await fetch(`${sink.pageUrl}api/cards`)).json()) as {
      cards: { workflow: string; card: { body: unknown[] } }[];
      failedRuns: { reason: string }[];
    };
    expect(json.cards.map((c) => [c.workflow, c.card.body])).toEqual([
      ['ops', [{ type: 'TextBlock', text: 'hello' }]],
    ]);
    expect(json.failedRuns).toHaveLength(1);
    expect((await fetch(`${sink.pageUrl}nothing-here`)).status).toBe(404);
  });
});
