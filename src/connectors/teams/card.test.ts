import { describe, expect, it } from 'vitest';
import { cardOf, envelopeOf } from './card.ts';
import { bodyBytes, fittedEnvelope, MAX_BODY_BYTES } from './fit.ts';
import { teamsBody } from './native.ts';

const alert = {
  title: 'NAS usage failed',
  text: 'getNasVolumeInstanceList answered 802',
  severity: 'error' as const,
  fields: [
    { name: 'Customer', value: 'acme' },
    { name: 'Region', value: 'KR' },
  ],
  links: [{ label: 'Run log', url: 'https://ops.example.com/runs/7' }],
};

describe('portable message → Adaptive Card', () => {
  it('puts severity in colour, the title bold, fields in a FactSet and links as OpenUrl', () => {
    expect(envelopeOf(cardOf(alert))).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'Container',
                style: 'attention',
                bleed: true,
                items: [
                  {
                    type: 'TextBlock',
                    text: 'NAS usage failed',
                    weight: 'Bolder',
                    size: 'Medium',
                    wrap: true,
                    color: 'Attention',
                  },
                  { type: 'TextBlock', text: 'ERROR', weight: 'Bolder', color: 'Attention', spacing: 'None' },
                ],
              },
              { type: 'TextBlock', text: 'getNasVolumeInstanceList answered 802', wrap: true },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Customer', value: 'acme' },
                  { title: 'Region', value: 'KR' },
                ],
              },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Run log', url: 'https://ops.example.com/runs/7' }],
          },
        },
      ],
    });
  });

  it('a plain message is one wrapped TextBlock, no container, no actions', () => {
    expect(cardOf({ text: 'hello' })).toEqual({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [{ type: 'TextBlock', text: 'hello', wrap: true }],
    });
  });

  it('maps each severity to a container style', () => {
    const styles = (['info', 'success', 'warning', 'critical'] as const).map(
      (severity) => (cardOf({ title: 't', text: 'x', severity }).body![0] as { style?: string }).style,
    );
    expect(styles).toEqual(['accent', 'good', 'warning', 'attention']);
  });
});

describe('shortening to the size limit', () => {
  it('leaves a message that fits as it is', () => {
    expect(fittedEnvelope(alert)).toEqual(envelopeOf(cardOf(alert)));
  });

  it('cuts a 100 KB text and says how much is missing', () => {
    const text = 'x'.repeat(100 * 1024);
    const envelope = fittedEnvelope({ ...alert, text });
    const body = envelope.attachments[0]!.content.body!;
    expect(bodyBytes(envelope)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(bodyBytes(envelope)).toBeGreaterThan(MAX_BODY_BYTES - 100);
    const kept = (body[1] as unknown as { text: string }).text.length - 1; // the trailing "…"
    expect(body[2]).toEqual(envelopeOf(cardOf(alert)).attachments[0]!.content.body![2]);
    expect(body.at(-1)).toMatchObject({
      type: 'TextBlock',
      text: `… shortened: 0 facts and ${text.length - kept} characters left out`,
    });
  });

  it('drops facts from the end when they alone are too big, keeping 2,000 characters of text', () => {
    const fields = Array.from({ length: 100 }, (_, i) => ({ name: `server-${i}`, value: 'v'.repeat(500) }));
    const text = 'y'.repeat(5_000);
    const envelope = fittedEnvelope({ title: 'Inventory', text, fields });
    const body = envelope.attachments[0]!.content.body!;
    const facts = (body[2] as unknown as { facts: Array<{ title: string }> }).facts;
    expect(bodyBytes(envelope)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(facts[0]!.title).toBe('server-0');
    expect(facts.length).toBeGreaterThan(40);
    expect(facts.length).toBeLessThan(100);
    // What room the dropped facts leave goes back to the text.
    const kept = (body[1] as unknown as { text: string }).text.length - 1;
    expect(kept).toBeGreaterThanOrEqual(2_000);
    expect(kept).toBeLessThan(2_600);
    expect(body.at(-1)).toMatchObject({
      text: `… shortened: ${100 - facts.length} facts and ${5_000 - kept} characters left out`,
    });
  });

  it('counts characters, not bytes, and never splits one', () => {
    const text = '가'.repeat(20_000); // 3 bytes each in UTF-8
    const envelope = fittedEnvelope({ text });
    const kept = (envelope.attachments[0]!.content.body![0] as unknown as { text: string }).text;
    expect(bodyBytes(envelope)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(kept.endsWith('가…')).toBe(true);
    const note = (envelope.attachments[0]!.content.body!.at(-1) as unknown as { text: string }).text;
    expect(note).toBe(
      `… shortened: 0 facts and ${20_000 - (Array.from(kept).length - 1)} characters left out`,
    );
  });
});

describe('native bodies', () => {
  const card = { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'hi' }] };

  it('takes an envelope as it is and wraps a bare card', () => {
    const envelope = envelopeOf(card as never);
    expect(teamsBody.parse(envelope)).toEqual(envelope);
    expect(teamsBody.parse(card)).toEqual(envelope);
  });

  it('refuses a card newer than 1.4, Action.Submit anywhere, and other shapes', () => {
    const message = (body: unknown) => {
      const result = teamsBody.safeParse(body);
      return result.success
        ? 'ok'
        : `${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message}`;
    };
    expect(message({ ...card, version: '1.5' })).toBe(
      'version: version must be 1.0 to 1.4 (Workflows refuses newer cards)',
    );
    const nested = {
      ...card,
      body: [{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Go' }] }],
    };
    expect(message(nested)).toMatch(/^body\.0\.actions\.0: Action.Submit and Action.Execute need a bot/);
    expect(message(envelopeOf(nested as never))).toMatch(/^attachments\.0\.content\.body\.0\.actions\.0: /);
    expect(message({ text: 'hello' })).toMatch(/^type: expected a Teams message/);
    expect(message({ type: 'message', attachments: [] })).toBe(
      'attachments: one card per message: the Workflows template posts each attachment as its own message',
    );
  });
});
