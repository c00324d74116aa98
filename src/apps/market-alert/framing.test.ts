import { describe, expect, it } from 'vitest';
import { type Decoded, FepDecoder, type FepFrame, LineDecoder, SyslogStreamDecoder } from './framing.ts';

const frame = (type: string, text: string) => Buffer.from(`\x01${type}=${text}\x01`, 'utf8');
const ok = <T>(events: Array<Decoded<T>>) => events.filter((e) => e.ok).map((e) => (e as { value: T }).value);
const errors = <T>(events: Array<Decoded<T>>) =>
  events.filter((e) => !e.ok).map((e) => (e as { reason: string }).reason);

function feed(decoder: FepDecoder, ...chunks: Buffer[]): Array<Decoded<FepFrame>> {
  return chunks.flatMap((c) => decoder.push(c));
}

describe('FepDecoder', () => {
  it('decodes one frame with a UTF-8 text', () => {
    expect(feed(new FepDecoder(), frame('1', 'KRX 시세 지연 (ES=F)'))).toEqual([
      { ok: true, value: { type: '1', text: 'KRX 시세 지연 (ES=F)', lossy: false } },
    ]);
  });

  it('decodes the same frames whatever the split: every byte boundary, and one byte at a time', () => {
    const data = Buffer.concat([frame('1', '시장 경보 A'), frame('2', 'system down'), frame('1', 'x=y')]);
    const expected = [
      { type: '1', text: '시장 경보 A', lossy: false },
      { type: '2', text: 'system down', lossy: false },
      { type: '1', text: 'x=y', lossy: false },
    ];
    for (let cut = 0; cut <= data.length; cut++) {
      const d = new FepDecoder();
      const events = feed(d, data.subarray(0, cut), data.subarray(cut));
      expect(errors(events), `cut at ${cut}`).toEqual([]);
      expect(ok(events), `cut at ${cut}`).toEqual(expected);
    }
    for (let a = 1; a < data.length; a += 3) {
      for (let b = a + 1; b < data.length; b += 5) {
        const events = feed(new FepDecoder(), data.subarray(0, a), data.subarray(a, b), data.subarray(b));
        expect(ok(events)).toEqual(expected);
      }
    }
    const d = new FepDecoder();
    const bytewise = [...data].flatMap((byte) => d.push(Buffer.of(byte)));
    expect(ok(bytewise)).toEqual(expected);
    expect(d.end()).toEqual([]);
  });

  it('decodes many frames packed into one read', () => {
    const data = Buffer.concat(Array.from({ length: 100 }, (_, i) => frame(i % 2 ? '2' : '1', `alert ${i}`)));
    const events = new FepDecoder().push(data);
    expect(ok(events).map((f) => f.text)).toEqual(Array.from({ length: 100 }, (_, i) => `alert ${i}`));
  });

  it('skips garbage between frames, reports it, and keeps the following frames', () => {
    const data = Buffer.concat([
      Buffer.from('hello\r\n'),
      frame('1', 'first'),
      Buffer.from('junk junk'),
      frame('2', 'second'),
    ]);
    const events = new FepDecoder().push(data);
    expect(ok(events).map((f) => f.text)).toEqual(['first', 'second']);
    expect(events.filter((e) => !e.ok)).toEqual([
      { ok: false, reason: 'bytes outside a frame', bytes: 7 },
      { ok: false, reason: 'bytes outside a frame', bytes: 9 },
    ]);
  });

  it('resynchronises on a stray SOH: SOH SOH opens the next frame', () => {
    const data = Buffer.concat([Buffer.from('junk\x01'), frame('1', 'after stray')]);
    const events = new FepDecoder().push(data);
    expect(ok(events).map((f) => f.text)).toEqual(['after stray']);
    expect(errors(events)).toEqual(['bytes outside a frame', 'empty frame']);
  });

  it('refuses a bad type and a frame without "=", and goes on', () => {
    const data = Buffer.concat([
      frame('3', 'no such type'),
      Buffer.from('\x01no equals\x01'),
      frame('2', 'ok'),
    ]);
    const events = new FepDecoder().push(data);
    expect(errors(events)).toEqual(['unknown frame type "3"', "frame without '='"]);
    expect(ok(events).map((f) => f.text)).toEqual(['ok']);
  });

  it('skips a frame over the size limit, split or not, without buffering it', () => {
    const big = frame('1', 'x'.repeat(2000));
    for (const chunk of [big.length, 100, 7]) {
      const d = new FepDecoder(new Set(['1', '2']), 1024);
      const data = Buffer.concat([big, frame('1', 'small')]);
      const events: Array<Decoded<FepFrame>> = [];
      for (let i = 0; i < data.length; i += chunk) events.push(...d.push(data.subarray(i, i + chunk)));
      expect(errors(events)).toEqual(['frame over 1024 bytes']);
      expect(ok(events).map((f) => f.text)).toEqual(['small']);
    }
  });

  it('accepts invalid UTF-8 with replacement characters and flags it', () => {
    const data = Buffer.concat([Buffer.from('\x011='), Buffer.from([0xb0, 0xa1, 0xff]), Buffer.from('\x01')]);
    const [event] = new FepDecoder().push(data);
    expect(event).toMatchObject({ ok: true, value: { type: '1', lossy: true } });
  });

  it('drops a partial frame when the client goes away, and reports it', () => {
    const d = new FepDecoder();
    expect(ok(d.push(Buffer.concat([frame('1', 'whole'), Buffer.from('\x012=half of')])))).toHaveLength(1);
    expect(d.end()).toEqual([{ ok: false, reason: 'connection closed mid-frame', bytes: 10 }]);
  });

  it('honours configured types', () => {
    const d = new FepDecoder(new Set(['1', '2', 'X']));
    expect(ok(d.push(frame('X', 'custom')))).toEqual([{ type: 'X', text: 'custom', lossy: false }]);
  });
});

describe('LineDecoder', () => {
  it('splits lines across reads, drops CR and blank lines', () => {
    const d = new LineDecoder();
    const events = [
      ...d.push(Buffer.from('{"text":"a"}\r\n\n{"te')),
      ...d.push(Buffer.from('xt":"b"}\n{"x"')),
    ];
    expect(ok(events)).toEqual(['{"text":"a"}', '{"text":"b"}']);
    expect(ok(d.end())).toEqual(['{"x"']);
  });

  it('skips an overlong line and recovers at the next newline', () => {
    const d = new LineDecoder(10);
    const events = [...d.push(Buffer.from('0123456789abc')), ...d.push(Buffer.from('def\nshort\n'))];
    expect(errors(events)).toEqual(['line over 10 bytes']);
    expect(ok(events)).toEqual(['short']);
  });
});

describe('SyslogStreamDecoder', () => {
  const msgs = [
    '<11>1 2026-01-05T09:00:00Z fep01 app - - - 첫 번째',
    '<12>Jan  5 09:00:01 fep02 app: second',
  ];

  it('reads octet-counted messages split anywhere', () => {
    const data = Buffer.concat(
      msgs.map((m) => {
        const b = Buffer.from(m);
        return Buffer.concat([Buffer.from(`${b.length} `), b]);
      }),
    );
    for (let cut = 0; cut <= data.length; cut++) {
      const d = new SyslogStreamDecoder();
      const events = [...d.push(data.subarray(0, cut)), ...d.push(data.subarray(cut))];
      expect(ok(events), `cut ${cut}`).toEqual(msgs);
    }
  });

  it('reads LF-framed messages and mixes both framings', () => {
    const b = Buffer.from(msgs[1]!);
    const data = Buffer.concat([
      Buffer.from(`${msgs[0]}\n`),
      Buffer.from(`${b.length} `),
      b,
      Buffer.from('\n'),
    ]);
    for (let cut = 0; cut <= data.length; cut++) {
      const d = new SyslogStreamDecoder();
      const events = [...d.push(data.subarray(0, cut)), ...d.push(data.subarray(cut)), ...d.end()];
      expect(ok(events), `cut ${cut}`).toEqual(msgs);
    }
  });

  it('skips an octet-counted message over the limit', () => {
    const d = new SyslogStreamDecoder(16);
    const events = d.push(Buffer.from(`20 ${'x'.repeat(20)}5 <11>y`));
    expect(errors(events)).toEqual(['message over 16 bytes']);
    expect(ok(events)).toEqual(['<11>y']);
  });
});
