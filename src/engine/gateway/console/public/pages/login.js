import { request } from '../api.js';
import { field, h } from '../dom.js';
import { currentLang, setLang, t } from '../i18n.js';
import { errorText } from '../ui.js';

/** The sign-in form, shown when GET /console/session answers 401. */
export function renderLogin(root, { expired, onSignedIn }) {
  document.title = `${t('auth.title')} · opsbot`;
  const name = h('input', { name: 'name', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const message = h('p', { class: 'form-message', role: 'alert' }, expired ? t('auth.expired') : '');
  const submit = h('button', { type: 'submit', class: 'primary' }, t('auth.submit'));
  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'opsbot ', h('span', { class: 'brand-sub' }, t('app.console'))),
    h('p', { class: 'muted' }, t('auth.intro')),
    field(t('auth.name'), name),
    field(t('auth.password'), password),
    message,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    try {
      const session = await request('POST', '/console/login', {
        name: name.value.trim(),
        password: password.value,
      });
      await onSignedIn(session);
    } catch (err) {
      password.value = '';
      message.textContent =
        err.status === 401 ? t('auth.wrong') : err.status === 429 ? t('auth.throttled') : errorText(err);
      submit.disabled = false;
      password.focus();
    }
  });
  const lang = h(
    'button',
    { type: 'button', class: 'lang', lang: currentLang() === 'ko' ? 'en' : 'ko' },
    currentLang() === 'ko' ? 'English' : '한국어',
  );
  lang.addEventListener('click', () => {
    setLang(currentLang() === 'ko' ? 'en' : 'ko');
    renderLogin(root, { expired, onSignedIn });
  });
  root.replaceChildren(h('div', { class: 'login' }, h('div', { class: 'login-lang' }, lang), form));
  name.focus();
}
