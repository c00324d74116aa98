import { localDateTime } from 'opsbot';
import { describe, expect, it } from 'vitest';
import { optionsSchema, parseDuration } from './options.ts';
import { type Alert, fill, Router, render } from './rules.ts';

const alert = (over: Partial<Alert> = {}): Alert => ({
  seq: 1,
  via: 'fep',
  ip: '10.0.0.1',
  source: 'fep-a',
  known: true,
  type: 'market',
  severity: 'warning',
  text: 'KRX 시세 지연',
  receivedAt: Date.parse('2026-01-05T00:00:01Z'),
  ...over,
});

function router(rules: unknown[]) {
  const o = optionsSchema.parse({ target: 'ops', rules });
  return new Router(o.rules, { targets: o.target, title: o.title, template: o.template });
}

describe('Router', () => {
  const r = router([
    { name: 'quiet', source: 'fep-test', to: [] },
    { name: 'critical', minSeverity: 'critical', to: ['oncall', 'ops'], title: '🚨 {source}' },
    { name: 'system', type: 'system', to: 'infra' },
    {
      name: 'krx',
      source: ['fep-a', '10.9.9.9'],
      text: 'KRX|코스피',
      severity: ['warning', 'error'],
      to: 'desk',
    },
  ]);

  it('first match wins, in order', () => {
    expect(r.route(alert({ severity: 'critical', type: 'system' })).rule).toBe('critical');
    expect(r.route(alert({ type: 'system' })).targets).toEqual(['infra']);
    expect(r.route(alert()).targets).toEqual(['desk']);
  });

  it('matches a source by name or IP, and every condition must hold', () => {
    expect(r.route(alert({ source: '10.9.9.9', ip: '10.9.9.9', known: false })).rule).toBe('krx');
    expect(r.route(alert({ text: 'NYSE delay' })).rule).toBeUndefined();
    expect(r.route(alert({ severity: 'info' })).rule).toBeUndefined();
  });

  it('falls back to the default route, and an empty target list drops', () => {
    expect(r.route(alert({ source: 'other' }))).toEqual({
      targets: ['ops'],
      title: '[{type}] {source}',
      template: '{text}',
    });
    expect(r.route(alert({ source: 'fep-test' })).targets).toEqual([]);
  });

  it('refuses a bad regular expression in the options', () => {
    expect(() => router([{ text: '(', to: 'x' }])).toThrow(/regular expression/);
  });
});

describe('render', () => {
  const route = {
    targets: ['ops'],
    title: '[{type}] {source} {severity}',
    template: '{time} {text} ({ip}) {nope}',
  };

  it('fills the templates and lists source and time', () => {
    expect(render(alert(), route, 'Asia/Seoul')).toEqual({
      title: '[market] fep-a warning',
      text: '2026-01-05 09:00:01 KRX 시세 지연 (10.0.0.1) {nope}',
      severity: 'warning',
      fields: [
        { name: 'source', value: 'fep-a' },
        { name: 'time', value: '2026-01-05 09:00:01', inline: true },
      ],
    });
  });

  it('marks an unknown source and shows a repeat count', () => {
    const m = render(alert({ known: false, source: '10.1.2.3', ip: '10.1.2.3' }), route, 'UTC', {
      count: 12,
      windowMs: 60_000,
    });
    expect(m.title).toBe('[market] 10.1.2.3 warning ×12');
    expect(m.fields).toContainEqual({ name: 'source', value: 'unknown source 10.1.2.3' });
    expect(m.fields).toContainEqual({
      name: 'repeated',
      value: '×12 within 60 s (first at 2026-01-05 00:00:01)',
      inline: true,
    });
  });
});

describe('helpers', () => {
  it('fill keeps unknown keys', () => expect(fill('{a}-{b}', { a: '1' })).toBe('1-{b}'));
  it('times are shown in the timezone', () =>
    expect(localDateTime(Date.parse('2026-01-05T15:30:00Z'), 'Asia/Seoul')).toBe('2026-01-06 00:30:00'));
  it('parseDuration', () => {
    expect([
      parseDuration('500ms'),
      parseDuration('60s'),
      parseDuration('30m'),
      parseDuration('2h'),
      parseDuration(5),
    ]).toEqual([500, 60_000, 1_800_000, 7_200_000, 5]);
    expect(() => parseDuration('soon')).toThrow(/bad duration/);
  });
  it('options: defaults, coalesce off, FEP type severities', () => {
    const o = optionsSchema.parse({ target: 'ops', coalesce: false, fep: { port: 0 } });
    expect(o.coalesce).toBe(0);
    expect(o.fep?.types).toEqual({
      '1': { name: 'market', severity: 'warning' },
      '2': { name: 'system', severity: 'error' },
    });
    expect(optionsSchema.parse({ target: 'ops' }).coalesce).toBe(60_000);
    expect(optionsSchema.parse({ target: 'ops', coalesce: { window: '5m' } }).coalesce).toBe(300_000);
  });
});
