import {
  DEFAULT_SUBMIT_LABEL,
  type FormDelivery,
  type FormField,
  type FormValue,
} from '../../contracts/forms.ts';
import { type Block, cut, escapeMrkdwn, plain, type SlackMessage } from './render.ts';

/**
 * A portable form as a Slack modal. Each field is an input block whose block_id and action_id are
 * the field's name (a contract: view_submission values and response_action errors are keyed by it).
 */

export const FORM_CALLBACK_ID = 'opsbot_form';
export const FORM_OPEN_ACTION = 'opsbot_form_open';
/** "open the form" */
export const OPEN_LABEL = '양식 열기';
const CLOSE_LABEL = '취소';
const TITLE_MAX = 24;
const LABEL_MAX = 2000;
const HINT_MAX = 2000;
const PLACEHOLDER_MAX = 150;
const OPTION_MAX = 75;

export function renderModal(delivery: FormDelivery): Block {
  const { form } = delivery;
  const blocks: Block[] = [];
  if (form.text)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(escapeMrkdwn(form.text), 3000) } });
  for (const field of form.fields) blocks.push(inputBlock(field));
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: delivery.formId,
    title: plain(form.title, TITLE_MAX),
    submit: plain(form.submitLabel || DEFAULT_SUBMIT_LABEL, TITLE_MAX),
    close: plain(CLOSE_LABEL, TITLE_MAX),
    notify_on_close: true,
    blocks,
  };
}

function inputBlock(field: FormField): Block {
  return {
    type: 'input',
    block_id: field.name,
    label: plain(field.label, LABEL_MAX),
    optional: !field.required,
    ...(field.hint ? { hint: plain(field.hint, HINT_MAX) } : {}),
    element: { action_id: field.name, ...elementFor(field) },
  };
}

const text = (value: FormValue | undefined) =>
  value === undefined || Array.isArray(value) ? undefined : String(value);

function elementFor(field: FormField): Block {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, PLACEHOLDER_MAX) } : {};
  const initial = text(field.default);
  const options = (field.choices ?? []).map((c) => ({ text: plain(c.label, OPTION_MAX), value: c.value }));
  const pick = (value: string) => options.find((o) => o.value === value);
  switch (field.type) {
    case 'multiline':
      return {
        type: 'plain_text_input',
        multiline: true,
        ...placeholder,
        ...(initial ? { initial_value: initial } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        is_decimal_allowed: true,
        ...placeholder,
        ...(initial ? { initial_value: initial } : {}),
      };
    case 'date':
      return { type: 'datepicker', ...placeholder, ...(initial ? { initial_date: initial } : {}) };
    case 'time':
      return { type: 'timepicker', ...placeholder, ...(initial ? { initial_time: initial } : {}) };
    case 'month':
      // Slack has no month picker: text with the shape the form service checks.
      return {
        type: 'plain_text_input',
        placeholder: plain(field.placeholder ?? 'YYYY-MM', PLACEHOLDER_MAX),
        ...(initial ? { initial_value: initial } : {}),
      };
    case 'select': {
      const chosen = initial === undefined ? undefined : pick(initial);
      return {
        type: 'static_select',
        options,
        ...placeholder,
        ...(chosen ? { initial_option: chosen } : {}),
      };
    }
    case 'multi-select': {
      const given = Array.isArray(field.default) ? field.default : [];
      const chosen = given.map(pick).filter((o) => o !== undefined);
      return {
        type: 'multi_static_select',
        options,
        ...placeholder,
        ...(chosen.length ? { initial_options: chosen } : {}),
      };
    }
    case 'checkbox': {
      const only = { text: plain(field.label, OPTION_MAX), value: 'on' };
      return {
        type: 'checkboxes',
        options: [only],
        ...(field.default === true ? { initial_options: [only] } : {}),
      };
    }
    default:
      // text and secret: Slack cannot mask an input, but a modal never enters channel history.
      return { type: 'plain_text_input', ...placeholder, ...(initial ? { initial_value: initial } : {}) };
  }
}

/** When no fresh trigger can open the modal: a message whose button opens it on click. */
export function renderOpenButton(delivery: FormDelivery): SlackMessage {
  const { form } = delivery;
  const intro = cut(
    form.text ? `*${escapeMrkdwn(form.title)}*\n${escapeMrkdwn(form.text)}` : `*${escapeMrkdwn(form.title)}*`,
    3000,
  );
  return {
    text: cut(form.title, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: FORM_OPEN_ACTION,
            value: delivery.formId,
            style: 'primary',
            text: plain(OPEN_LABEL, 75),
          },
        ],
      },
    ],
  };
}

/** A form the app asked to show as the signed page (page: true): a button to that URL. */
export function renderPageButton(delivery: FormDelivery & { url: string }): SlackMessage {
  const { form } = delivery;
  return {
    text: cut(form.title, 3000),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: cut(`*${escapeMrkdwn(form.title)}*${form.text ? `\n${escapeMrkdwn(form.text)}` : ''}`, 3000),
        },
      },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'opsbot_form_page', text: plain(OPEN_LABEL, 75), url: delivery.url },
        ],
      },
    ],
  };
}
