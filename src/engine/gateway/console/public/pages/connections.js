import { enc, get, post } from '../api.js';
import { badge, field, h, table } from '../dom.js';
import { t } from '../i18n.js';
import { link } from '../router.js';
import { can } from '../state.js';
import { busy, load, notify } from '../ui.js';
import { pageTitle, stateBadge, timeCell } from './common.js';

/** The inline "test send" form under a connection's row. */
function testForm(name) {
  const destination = h('input', { name: 'destination', placeholder: 'channel/abc' });
  const text = h('input', { name: 'text', value: t('connections.testText'), maxlength: '2000' });
  const result = h('p', { class: 'form-message', role: 'status' });
  const send = h('button', { type: 'submit', class: 'primary' }, t('connections.send'));
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': t('connections.testFor', { name }) },
    field(t('connections.destination'), destination),
    field(t('connections.text'), text, 'grow'),
    send,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await busy(send, () =>
      post(`/connections/${enc(name)}/test`, { destination: destination.value.trim(), text: text.value }),
    );
    if (answer) {
      result.replaceChildren(
        t('connections.queued', { id: answer.id.slice(0, 8) }),
        ' ',
        h('a', { href: `${link('outbox')}?connection=${enc(name)}` }, t('nav.outbox')),
      );
    }
  });
  return form;
}

function actions(c, detail) {
  if (!can('operator')) return '';
  const buttons = [];
  if (c.canLogin) {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'small primary',
          onclick: async (event) => {
            // The same consent URL as `opsbot auth login`; the callback stores the token.
            const answer = await busy(event.currentTarget, () => post(`/connections/${enc(c.name)}/login`));
            if (answer) window.open(answer.url, '_blank', 'noopener');
          },
        },
        t('connections.login'),
      ),
    );
  }
  if (c.auth) {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: async (event) => {
            const answer = await busy(event.currentTarget, () => post(`/connections/${enc(c.name)}/refresh`));
            if (answer) notify(t('connections.refreshed', { name: c.name }));
          },
        },
        t('connections.refresh'),
      ),
    );
  }
  if (c.capabilities.includes('send')) {
    const toggle = h(
      'button',
      { type: 'button', class: 'small', 'aria-expanded': 'false' },
      t('connections.test'),
    );
    toggle.addEventListener('click', () => {
      if (!detail.firstChild.firstChild) detail.firstChild.append(testForm(c.name));
      detail.hidden = !detail.hidden;
      toggle.setAttribute('aria-expanded', String(!detail.hidden));
    });
    buttons.push(toggle);
  }
  return h('div', { class: 'row-actions' }, buttons);
}

function rows(connections) {
  return connections.flatMap((c) => {
    const detail = h('tr', { class: 'detail', hidden: true }, h('td', { colspan: 7 }));
    const row = h(
      'tr',
      { dataset: { connection: c.name } },
      h('th', { scope: 'row' }, c.name),
      h('td', null, c.type),
      h(
        'td',
        null,
        h(
          'div',
          { class: 'chips' },
          c.capabilities.map((cap) => badge(cap, 'plain')),
        ),
      ),
      h(
        'td',
        null,
        c.auth
          ? [stateBadge(c.auth.state), c.auth.warning ? h('small', { class: 'block' }, c.auth.warning) : null]
          : '—',
      ),
      h('td', null, c.auth ? timeCell(c.auth.accessExpiresAt) : '—'),
      h('td', null, c.auth ? timeCell(c.auth.refreshExpiresAt) : '—'),
      h('td', null, actions(c, detail)),
    );
    return [row, detail];
  });
}

export const connectionsPage = {
  title: 'nav.connections',
  render(main) {
    const list = h('div');
    main.append(pageTitle(t('nav.connections')), list);
    load(list, async () => {
      const answer = await get('/connections');
      return table(
        [
          t('col.connection'),
          t('col.type'),
          t('col.capabilities'),
          t('col.token'),
          t('col.accessExpires'),
          t('col.refreshExpires'),
          '',
        ],
        rows(answer.connections),
        { label: t('nav.connections'), empty: t('connections.empty'), class: 'connections-table' },
      );
    });
  },
};
