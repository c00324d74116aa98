import { del, enc, get, post } from '../api.js';
import { field, h, select, table } from '../dom.js';
import { t } from '../i18n.js';
import { busy, load, notify } from '../ui.js';
import { timeCell } from './common.js';

function tokenRows(tokens, reload) {
  return tokens.map((tok) => {
    const revoke = h(
      'button',
      { type: 'button', class: 'small danger', disabled: tok.revokedAt !== null },
      t('tokens.revoke'),
    );
    revoke.addEventListener('click', async () => {
      if (!confirm(t('tokens.revokeConfirm', { id: tok.id }))) return;
      const done = await busy(revoke, () => del(`/tokens/${enc(tok.id)}`));
      if (done) reload();
    });
    return h(
      'tr',
      { dataset: { token: tok.id } },
      h('td', null, h('code', null, tok.id)),
      h('td', null, tok.user),
      h('td', null, tok.label ?? ''),
      h('td', null, timeCell(tok.createdAt)),
      h('td', null, timeCell(tok.lastUsedAt)),
      h('td', null, tok.revokedAt ? timeCell(tok.revokedAt) : ''),
      h('td', null, revoke),
    );
  });
}

/** API tokens: list, create (the token is shown once), revoke. */
export function tokensSection(el, users) {
  const list = h('div');
  const shown = h('div', { role: 'status' });
  const user = select(
    'user',
    users.map((u) => [u.name, u.name]),
    users[0]?.name,
  );
  const label = h('input', { name: 'label', maxlength: '100' });
  const create = h('button', { type: 'submit', class: 'primary' }, t('tokens.create'));
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': t('tokens.create') },
    field(t('col.user'), user),
    field(t('tokens.label'), label, 'grow'),
    create,
  );
  const reload = () =>
    load(list, async () => {
      const { tokens } = await get('/tokens');
      return table(
        [
          'ID',
          t('col.user'),
          t('tokens.label'),
          t('col.created'),
          t('tokens.lastUsed'),
          t('tokens.revoked'),
          '',
        ],
        tokenRows(tokens, reload),
        { label: t('tokens.title'), empty: t('tokens.empty') },
      );
    });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await busy(create, () =>
      post('/tokens', { user: user.value, ...(label.value.trim() ? { label: label.value.trim() } : {}) }),
    );
    if (!answer) return;
    notify(t('tokens.created'));
    shown.replaceChildren(
      h(
        'div',
        { class: 'token-once' },
        h('p', null, t('tokens.once')),
        h('code', { class: 'token-value', tabindex: '0' }, answer.token),
      ),
    );
    label.value = '';
    reload();
  });
  el.replaceChildren(h('section', { class: 'card' }, h('h2', null, t('tokens.title')), list, form, shown));
  reload();
}
