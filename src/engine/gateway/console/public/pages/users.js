import { del, enc, get, post } from '../api.js';
import { field, h, select, table } from '../dom.js';
import { t } from '../i18n.js';
import { can, state } from '../state.js';
import { busy, load, notify, section } from '../ui.js';
import { pageTitle, timeCell } from './common.js';
import { tokensSection } from './tokens.js';

const ROLES = ['viewer', 'operator', 'admin'];
const roleOptions = () => ROLES.map((r) => [r, t(`role.${r}`)]);

function userRow(user, reload) {
  const role = select('role', roleOptions(), user.role);
  role.setAttribute('aria-label', t('users.roleOf', { name: user.name }));
  role.addEventListener('change', async () => {
    const done = await busy(role, () => post(`/users/${enc(user.name)}`, { role: role.value }));
    if (done) notify(t('users.updated', { name: user.name }));
    else role.value = user.role;
  });
  const setPassword = h(
    'button',
    { type: 'button', class: 'small', 'aria-expanded': 'false' },
    t('users.setPassword'),
  );
  const detail = h(
    'tr',
    { class: 'detail', hidden: true },
    h(
      'td',
      { colspan: 6 },
      passwordForm(user, () => setPassword.click()),
    ),
  );
  setPassword.addEventListener('click', () => {
    detail.hidden = !detail.hidden;
    setPassword.setAttribute('aria-expanded', String(!detail.hidden));
    if (!detail.hidden) detail.querySelector('input')?.focus();
  });
  const remove = h(
    'button',
    { type: 'button', class: 'small danger', disabled: user.name === state.session.name },
    t('common.remove'),
  );
  remove.addEventListener('click', async () => {
    if (!confirm(t('users.removeConfirm', { name: user.name }))) return;
    const done = await busy(remove, () => del(`/users/${enc(user.name)}`));
    if (done) reload();
  });
  const row = h(
    'tr',
    { dataset: { user: user.name } },
    h('th', { scope: 'row' }, user.name),
    h('td', null, role),
    h('td', null, timeCell(user.createdAt)),
    h('td', null, timeCell(user.lastLoginAt)),
    h('td', null, user.hasPassword ? t('common.yes') : t('users.proxyOnly')),
    h('td', null, h('div', { class: 'row-actions' }, setPassword, remove)),
  );
  return [row, detail];
}

/** A password field for a new password: at least 10 characters, as the daemon requires. */
function newPasswordInput() {
  return h('input', {
    name: 'password',
    type: 'password',
    required: true,
    minlength: '10',
    autocomplete: 'new-password',
  });
}

/** A new password for `user`, typed in a password field (never shown, never in the URL). */
function passwordForm(user, close) {
  const password = newPasswordInput();
  const save = h('button', { type: 'submit', class: 'primary' }, t('common.save'));
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': t('users.setPasswordFor', { name: user.name }) },
    field(t('users.newPassword'), password),
    save,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const done = await busy(save, () => post(`/users/${enc(user.name)}`, { password: password.value }));
    password.value = '';
    if (done) {
      notify(t('users.updated', { name: user.name }));
      close();
    }
  });
  return form;
}

function addUserForm(reload) {
  const name = h('input', {
    name: 'name',
    required: true,
    pattern: '[A-Za-z0-9._@-]{1,64}',
    autocomplete: 'off',
  });
  const role = select('role', roleOptions(), 'viewer');
  const password = newPasswordInput();
  const add = h('button', { type: 'submit', class: 'primary' }, t('users.add'));
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': t('users.add') },
    field(t('col.name'), name),
    field(t('col.role'), role),
    field(t('auth.password'), password),
    add,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const done = await busy(add, () =>
      post('/users', { name: name.value.trim(), role: role.value, password: password.value }),
    );
    if (done) {
      notify(t('users.added', { name: done.name }));
      form.reset();
      reload();
    }
  });
  return form;
}

/** Admins: console users (role, password, removal) and API tokens. */
export const usersPage = {
  title: 'nav.users',
  render(main) {
    main.append(pageTitle(t('nav.users')));
    if (!can('admin')) {
      main.append(h('p', { class: 'error-box', role: 'alert' }, t('error.forbidden')));
      return;
    }
    const list = h('div');
    const tokens = h('div');
    const reload = () =>
      load(list, async () => {
        const { users } = await get('/users');
        tokensSection(tokens, users);
        return table(
          [t('col.name'), t('col.role'), t('col.created'), t('users.lastLogin'), t('users.password'), ''],
          users.flatMap((u) => userRow(u, reload)),
          { label: t('users.title'), class: 'users-table' },
        );
      });
    main.append(
      section(
        t('users.title'),
        list,
        addUserForm(() => reload()),
      ),
      tokens,
    );
    reload();
  },
};
