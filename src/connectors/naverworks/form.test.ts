import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../types.ts';
import { OPEN_LABEL, renderFormButton } from './form.ts';
import { contentOf } from './index.ts';

const form = {
  title: '근무일 선택',
  text: '날짜를 고르세요.',
  fields: [{ name: 'day', type: 'date' as const, label: '날짜' }],
};

describe('a form on NAVER WORKS', () => {
  it('is a button template whose uri action opens the signed page', () => {
    const url = 'https://bot.example.com/forms/abc.def.ghi';
    expect(contentOf({ kind: 'form', form: { formId: 'f1', form, url, expiresAt: 1 } })).toEqual({
      type: 'button_template',
      contentText: '근무일 선택\n날짜를 고르세요.',
      actions: [{ type: 'uri', label: OPEN_LABEL, uri: url }],
    });
  });

  it('cannot go out without the page URL (no retry would help)', () => {
    let thrown: unknown;
    try {
      renderFormButton({ formId: 'f1', form, expiresAt: 1 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DeliveryError);
    expect((thrown as DeliveryError).retryable).toBe(false);
  });
});
