import {
  DEFAULT_SUBMIT_LABEL,
  type FormDelivery,
  type FormField,
  type FormValue,
} from '../../contracts/forms.ts';
import { cutBytes, escapeMarkdown } from './render.ts';

/**
 * A portable form as one Adaptive Card (v1.3, what Webex renders). Each input's `id` is the field's
 * name; the submit's `data` carries the form id and which inputs need reading back into lists or
 * booleans (a card answers every input as a string).
 */

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const FORM_MARKER = '_opsbotForm';
/** Field kinds the submit must turn back from strings: `multi` (comma-joined) and `toggle`. */
export const KINDS_MARKER = '_opsbotKinds';
/** "open the form" */
export const OPEN_LABEL = '양식 열기';
/** Shown under a secret field: a card input cannot be masked. */
export const SECRET_HINT = '입력한 값이 화면에 가려지지 않습니다.';

type Element = Record<string, unknown>;

export interface CardMessage {
  markdown: string;
  text: string;
  attachments: Array<{ contentType: string; content: Element }>;
}

const text = (value: FormValue | undefined) =>
  value === undefined || Array.isArray(value) ? undefined : String(value);

function intro(delivery: FormDelivery): { markdown: string; text: string } {
  const { title, text: body } = delivery.form;
  return {
    markdown: cutBytes(`**${escapeMarkdown(title)}**${body ? `\n\n${escapeMarkdown(body)}` : ''}`),
    text: cutBytes(`${title}${body ? `\n${body}` : ''}`),
  };
}

export function renderCard(delivery: FormDelivery): CardMessage {
  const { form } = delivery;
  const body: Element[] = [
    { type: 'TextBlock', text: form.title, weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (form.text) body.push({ type: 'TextBlock', text: form.text, wrap: true });
  const kinds: Record<string, 'multi' | 'toggle'> = {};
  for (const field of form.fields) {
    body.push(inputFor(field));
    const hint = field.type === 'secret' ? [field.hint, SECRET_HINT].filter(Boolean).join(' ') : field.hint;
    if (hint)
      body.push({
        type: 'TextBlock',
        text: hint,
        isSubtle: true,
        size: 'Small',
        wrap: true,
        spacing: 'None',
      });
    if (field.type === 'multi-select') kinds[field.name] = 'multi';
    if (field.type === 'checkbox') kinds[field.name] = 'toggle';
  }
  const data = {
    [FORM_MARKER]: delivery.formId,
    ...(Object.keys(kinds).length ? { [KINDS_MARKER]: kinds } : {}),
  };
  const content = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    body,
    actions: [{ type: 'Action.Submit', title: form.submitLabel || DEFAULT_SUBMIT_LABEL, data }],
  };
  return { ...intro(delivery), attachments: [{ contentType: CARD_CONTENT_TYPE, content }] };
}

function inputFor(field: FormField): Element {
  const base: Element = {
    id: field.name,
    label: field.label,
    ...(field.required ? { isRequired: true, errorMessage: '필수 항목입니다.' } : {}),
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
  };
  const initial = text(field.default);
  const value = initial === undefined ? {} : { value: initial };
  switch (field.type) {
    case 'multiline':
      return { type: 'Input.Text', ...base, isMultiline: true, ...value };
    case 'number':
      return { type: 'Input.Number', ...base, ...(initial === undefined ? {} : { value: Number(initial) }) };
    case 'date':
      return { type: 'Input.Date', ...base, ...value };
    case 'time':
      return { type: 'Input.Time', ...base, ...value };
    case 'month':
      // No month picker in Adaptive Cards: text in the shape the form service checks.
      return {
        type: 'Input.Text',
        ...base,
        placeholder: field.placeholder ?? 'YYYY-MM',
        regex: '^\\d{4}-\\d{2}$',
        ...value,
      };
    case 'select':
    case 'multi-select': {
      const multi = field.type === 'multi-select';
      const given = multi && Array.isArray(field.default) ? field.default.join(',') : initial;
      return {
        type: 'Input.ChoiceSet',
        ...base,
        style: 'compact',
        ...(multi ? { isMultiSelect: true } : {}),
        choices: (field.choices ?? []).map((c) => ({ title: c.label, value: c.value })),
        ...(given ? { value: given } : {}),
      };
    }
    case 'checkbox':
      return {
        type: 'Input.Toggle',
        ...base,
        title: field.label,
        valueOn: 'true',
        valueOff: 'false',
        value: field.default === true ? 'true' : 'false',
      };
    default:
      // text and secret: `style: password` is not reliably masked by Webex clients (see SECRET_HINT).
      return { type: 'Input.Text', ...base, ...value };
  }
}

/** A form the app asked to show as the signed page: a markdown link to it. */
export function renderPageLink(delivery: FormDelivery & { url: string }): { markdown: string; text: string } {
  const head = intro(delivery);
  return {
    markdown: cutBytes(`${head.markdown}\n\n[${OPEN_LABEL}](${delivery.url})`),
    text: cutBytes(`${head.text}\n${OPEN_LABEL}: ${delivery.url}`),
  };
}

/**
 * A card submit's inputs → the form's values: markers dropped, multi-selects split, toggles made
 * boolean. Undefined when the card was not one of our forms.
 */
export function formSubmit(
  inputs: Record<string, unknown>,
): { formId: string; values: Record<string, unknown> } | undefined {
  const formId = inputs[FORM_MARKER];
  if (typeof formId !== 'string' || formId === '') return undefined;
  const kinds = (inputs[KINDS_MARKER] ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(withoutMarkers(inputs))) {
    if (kinds[name] === 'multi' && typeof value === 'string')
      values[name] = value === '' ? [] : value.split(',');
    else if (kinds[name] === 'toggle') values[name] = value === true || value === 'true';
    else values[name] = value;
  }
  return { formId, values };
}

export function withoutMarkers(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).filter(([key]) => key !== FORM_MARKER && key !== KINDS_MARKER),
  );
}
