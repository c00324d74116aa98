import { describe, expect, it } from 'vitest';
import { renderMail, subjectOf } from './render.ts';

describe('mail rendering', () => {
  it('takes the subject from the title, else the first line of text, cut at 120 characters', () => {
    expect(subjectOf({ title: '  Daily report ', text: 'x' })).toBe('Daily report');
    expect(subjectOf({ text: '\n첫 줄입니다\n둘째 줄' })).toBe('첫 줄입니다');
    expect(subjectOf({ text: '' })).toBe('(제목 없음)');
    const long = subjectOf({ text: 'a'.repeat(200) });
    expect([long.length, long.endsWith('…')]).toEqual([120, true]);
  });

  it('prefixes warning, error and critical subjects, not info or success', () => {
    const of = (severity: 'info' | 'success' | 'warning' | 'error' | 'critical') =>
      subjectOf({ title: 'Disk', text: '', severity });
    expect(['info', 'success', 'warning', 'error', 'critical'].map((s) => of(s as never))).toEqual([
      'Disk',
      'Disk',
      '[경고] Disk',
      '[오류] Disk',
      '[긴급] Disk',
    ]);
  });

  it('escapes everything in the HTML part', () => {
    const { html, text } = renderMail({
      text: '<script>alert("x")</script> & \'q\'',
      fields: [{ name: '<b>', value: '"v"' }],
      links: [{ label: '<i>', url: 'https://e.com/?q="><script>' }],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(html).toContain('&lt;b&gt;</th>');
    expect(html).toContain('<a href="https://e.com/?q=&quot;&gt;&lt;script&gt;">&lt;i&gt;</a>');
    expect(html).toContain('border-left:6px solid #2563EB');
    expect(text).toBe(
      '<script>alert("x")</script> & \'q\'\n\n<b>: "v"\n\n<i>: https://e.com/?q="><script>\n',
    );
  });
});
