import { describe, expect, it } from 'vitest';
import type { FormDelivery } from '../../contracts/forms.ts';
import { CARD_CONTENT_TYPE, formSubmit, renderCard, renderPageLink, SECRET_HINT } from './card.ts';
import { parseDestination, targetFields } from './destination.ts';
import { idKey, isSelf } from './identity.ts';
import { withoutLeadingMention } from './inbound.ts';
import { webexBody } from './native.ts';
import { webexOptions } from './options.ts';
import { cutBytes, MAX_MESSAGE_BYTES, renderMessage } from './render.ts';

const UUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const BOT_ID = Buffer.from(`ciscospark://us/PEOPLE/${UUID}`).toString('base64url');
const ME = { id: BOT_ID, emails: ['OpsBot@webex.bot'], displayName: 'OpsBot' };

describe('webex options', () => {
  it('defaults apiUrl, drops a trailing slash, and names keys (never values) in messages', () => {
    expect(webexOptions.parse({ token: 'tok-123456' })).toEqual({
      token: 'tok-123456',
      apiUrl: 'https://webexapis.com/v1',
    });
    expect(webexOptions.parse({ token: 't', apiUrl: 'http://127.0.0.1:9/v1/' }).apiUrl).toBe(
      'http://127.0.0.1:9/v1',
    );
    const bad = webexOptions.safeParse({ token: '', webhookSecret: 'short', extra: 'x' });
    const text = JSON.stringify(bad.error?.issues.map((i) => i.message));
    expect(text).toContain('token is required');
    expect(text).toContain('webhookSecret must be at least 8 characters long');
    expect(text).not.toContain('short');
  });
});

describe('webex destinations', () => {
  it('room/<id> → roomId, person/<email> → toPersonEmail, anything else is refused', () => {
    expect(targetFields(parseDestination('room/Y2lzY29zcGFyazovL3VzL1JPT00vYWJj'))).toEqual({
      roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vYWJj',
    });
    expect(targetFields(parseDestination('person/mina@example.com'))).toEqual({
      toPersonEmail: 'mina@example.com',
    });
    for (const bad of ['room/', 'person/mina', 'channel/C1', 'room/a/b'])
      expect(() => parseDestination(bad)).toThrow(/room\/<roomId> or person\/<email>/);
  });
});

describe('webex identity', () => {
  it('compares ids by the uuid inside, whatever the encoding, and emails case-insensitively', () => {
    const padded = Buffer.from(`ciscospark://us/PEOPLE/${UUID}`).toString('base64');
    const legacy = Buffer.from('ciscospark://us/PEOPLE/opsbot@webex.bot').toString('base64');
    expect(idKey(BOT_ID)).toBe(UUID);
    expect(idKey(padded)).toBe(UUID);
    expect(idKey(UUID.toUpperCase())).toBe(UUID);
    expect([
      isSelf(ME, { id: padded }),
      isSelf(ME, { id: legacy }),
      isSelf(ME, { email: 'opsbot@WEBEX.bot' }),
      isSelf(ME, {
        id: Buffer.from('ciscospark://us/PEOPLE/other').toString('base64url'),
        email: 'mina@example.com',
      }),
    ]).toEqual([true, true, true, false]);
  });

  it('strips the leading mention of the bot in a group room, and only that', () => {
    const html = `<p><spark-mention data-object-type="person" data-object-id="${UUID}">Ops</spark-mention> 티지데이 조회</p>`;
    expect(withoutLeadingMention('Ops 티지데이 조회', html, ME)).toBe('티지데이 조회');
    expect(withoutLeadingMention('OpsBot, help', undefined, ME)).toBe('help');
    expect(withoutLeadingMention('hello OpsBot', undefined, ME)).toBe('hello OpsBot');
  });
});

describe('webex rendering', () => {
  it('a portable message is markdown with a plain fallback: severity, bold title, fields, links', () => {
    expect(
      renderMessage({
        title: '배포 실패',
        text: 'build_42 failed',
        severity: 'error',
        fields: [{ name: 'env', value: 'prod' }],
        links: [{ label: 'log', url: 'https://ci.example.com/42' }],
      }),
    ).toEqual({
      markdown: '❌ **배포 실패**\n\nbuild\\_42 failed\n\n**env**: prod\n\n[log](https://ci.example.com/42)',
      text: '❌ 배포 실패\nbuild_42 failed\nenv: prod\nlog: https://ci.example.com/42',
    });
  });

  it('cuts at 7439 bytes, visibly, without splitting a character', () => {
    const long = '가'.repeat(3000);
    const { markdown, text } = renderMessage({ text: long });
    for (const part of [markdown, text]) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(part.endsWith('…(이하 생략)')).toBe(true);
      expect(part).not.toContain('\uFFFD');
    }
    expect(cutBytes('short')).toBe('short');
  });

  it('a native body is checked: one file, one card, known keys only', () => {
    expect(webexBody.safeParse({ markdown: 'hi', parentId: 'p1' }).success).toBe(true);
    expect(
      webexBody.safeParse({ files: ['https://a.example/1', 'https://a.example/2'] }).error?.issues[0]
        ?.message,
    ).toBe('Webex takes one file per message');
    expect(webexBody.safeParse({}).error?.issues[0]?.message).toBe(
      'needs text, markdown, html, attachments or files',
    );
    expect(webexBody.safeParse({ text: 'x', roomId: 'r' }).success).toBe(false);
  });
});

const DELIVERY: FormDelivery = {
  formId: 'f-1',
  expiresAt: 0,
  form: {
    title: '티지데이 등록',
    text: '이번 달 날짜를 고르세요',
    fields: [
      { name: 'day', type: 'date', label: '날짜', required: true },
      { name: 'note', type: 'multiline', label: '메모', hint: '선택' },
      { name: 'count', type: 'number', label: '인원', default: 2 },
      { name: 'at', type: 'time', label: '시각' },
      { name: 'month', type: 'month', label: '월' },
      { name: 'team', type: 'select', label: '팀', choices: [{ value: 'p3', label: '플랫폼3' }] },
      {
        name: 'tags',
        type: 'multi-select',
        label: '태그',
        choices: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
        default: ['a'],
      },
      { name: 'agree', type: 'checkbox', label: '동의' },
      { name: 'pw', type: 'secret', label: '비밀번호' },
    ],
  },
};

describe('webex forms as Adaptive Cards', () => {
  it('one v1.3 card: an input per field named by the field, a submit carrying the form id', () => {
    const card = renderCard(DELIVERY);
    expect(card.markdown).toBe('**티지데이 등록**\n\n이번 달 날짜를 고르세요');
    const [attachment] = card.attachments;
    expect(attachment?.contentType).toBe(CARD_CONTENT_TYPE);
    const content = attachment?.content as {
      version: string;
      body: Array<Record<string, unknown>>;
      actions: unknown[];
    };
    expect(content.version).toBe('1.3');
    const inputs = content.body.filter((e) => String(e['type']).startsWith('Input.'));
    expect(inputs.map((e) => [e['id'], e['type']])).toEqual([
      ['day', 'Input.Date'],
      ['note', 'Input.Text'],
      ['count', 'Input.Number'],
      ['at', 'Input.Time'],
      ['month', 'Input.Text'],
      ['team', 'Input.ChoiceSet'],
      ['tags', 'Input.ChoiceSet'],
      ['agree', 'Input.Toggle'],
      ['pw', 'Input.Text'],
    ]);
    expect(inputs[0]).toMatchObject({ isRequired: true, label: '날짜' });
    expect(inputs[1]).toMatchObject({ isMultiline: true });
    expect(inputs[2]).toMatchObject({ value: 2 });
    expect(inputs[6]).toMatchObject({ isMultiSelect: true, style: 'compact', value: 'a' });
    expect(inputs[8]).not.toHaveProperty('style');
    expect(content.body.some((e) => e['text'] === SECRET_HINT)).toBe(true);
    expect(content.actions).toEqual([
      {
        type: 'Action.Submit',
        title: '제출',
        data: { _opsbotForm: 'f-1', _opsbotKinds: { tags: 'multi', agree: 'toggle' } },
      },
    ]);
  });

  it('a submit reads back into values; a card without the marker is not a form', () => {
    expect(
      formSubmit({
        _opsbotForm: 'f-1',
        _opsbotKinds: { tags: 'multi', agree: 'toggle' },
        day: '2026-12-24',
        tags: 'a,b',
        agree: 'true',
      }),
    ).toEqual({ formId: 'f-1', values: { day: '2026-12-24', tags: ['a', 'b'], agree: true } });
    expect(formSubmit({ choice: 'yes' })).toBeUndefined();
  });

  it('with a page url, a 양식 열기 link instead of a card', () => {
    expect(renderPageLink({ ...DELIVERY, url: 'https://bot.example.com/forms/t1' })).toEqual({
      markdown:
        '**티지데이 등록**\n\n이번 달 날짜를 고르세요\n\n[양식 열기](https://bot.example.com/forms/t1)',
      text: '티지데이 등록\n이번 달 날짜를 고르세요\n양식 열기: https://bot.example.com/forms/t1',
    });
  });
});
