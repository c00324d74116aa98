import { del, enc, post } from '../api.js';
import { field, h, select } from '../dom.js';
import { t } from '../i18n.js';
import { busy, notify } from '../ui.js';
import { isCurated } from './month-view.js';

const KINDS = ['closed', 'session', 'open'];

/**
 * Add a curated closure on `day`, or edit/remove the one there. Admins only (the page hides it
 * from others; the daemon refuses them anyway). `changed` redraws the month.
 */
export function closureEditor(exchange, day, changed) {
  const curated = isCurated(day);
  const name = h('input', {
    name: 'name',
    required: true,
    maxlength: '200',
    value: curated ? (day.name ?? '') : '',
  });
  const kind = select(
    'kind',
    KINDS.map((k) => [k, t(`closure.${k}`)]),
    day.kind === 'session' ? 'session' : 'closed',
  );
  const open = h('input', { name: 'open', type: 'time', value: day.open ?? '' });
  const close = h('input', { name: 'close', type: 'time', value: day.close ?? '' });
  const save = h(
    'button',
    { type: 'submit', class: 'primary' },
    curated ? t('common.save') : t('closure.add'),
  );
  const path = `/calendars/${enc(exchange)}/closures`;
  const hours = () => ({
    ...(open.value ? { open: open.value } : {}),
    ...(close.value ? { close: close.value } : {}),
  });

  const form = h(
    'form',
    { class: 'card closure-form', 'aria-labelledby': 'closure-title' },
    h(
      'h2',
      { id: 'closure-title' },
      curated ? t('closure.editTitle', { date: day.date }) : t('closure.addTitle', { date: day.date }),
    ),
    h(
      'div',
      { class: 'form-row' },
      field(t('col.name'), name, 'grow'),
      curated ? null : field(t('col.kind'), kind),
      field(t('closure.open'), open),
      field(t('closure.close'), close),
    ),
    h(
      'div',
      { class: 'actions' },
      save,
      curated
        ? h(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: async (event) => {
                if (!confirm(t('closure.removeConfirm', { date: day.date }))) return;
                const done = await busy(event.currentTarget, () => del(`${path}/${day.date}`));
                if (done) finish(t('closure.removed', { date: day.date }));
              },
            },
            t('common.remove'),
          )
        : null,
      h('button', { type: 'button', onclick: () => form.remove() }, t('common.cancel')),
    ),
  );
  const finish = (text) => {
    notify(text);
    form.remove();
    changed();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = curated
      ? { name: name.value.trim(), ...hours() }
      : { date: day.date, name: name.value.trim(), kind: kind.value, ...hours() };
    const done = await busy(save, () => post(curated ? `${path}/${day.date}` : path, body));
    if (done) finish(t('closure.saved', { date: day.date }));
  });
  queueMicrotask(() => name.focus());
  return form;
}
