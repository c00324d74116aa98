import { h } from './dom.js';
import { t } from './i18n.js';

// Small shared pieces: notices, error text, busy buttons.

/** A short notice in the toast region (role=status, so screen readers hear it). */
export function notify(text, kind = 'ok') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: `toast toast-${kind}` }, text);
  region.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 9000 : 5000);
}

/** The text a person should read for an API error. */
export function errorText(err) {
  if (!err) return '';
  if (err.status === 0) return t('error.network');
  if (err.status === 403) return `${t('error.forbidden')}${err.message ? ` (${err.message})` : ''}`;
  if (err.status === 401) return t('error.session');
  return err.message || `${t('error.generic')} (${err.code ?? err.status})`;
}

export function errorBox(err) {
  return h('p', { class: 'error-box', role: 'alert' }, errorText(err));
}

/**
 * Runs `work` with the button disabled and marked busy; reports failure as a notice.
 * Resolves to the work's result, or undefined when it failed.
 */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } catch (err) {
    notify(errorText(err), 'error');
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A page section with a heading. */
export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), ...children);
}

/** Shows `loading…` in `el`, then the result of `build()`, or the error. */
export async function load(el, build) {
  el.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
  try {
    const content = await build();
    el.replaceChildren(...[content].flat().filter(Boolean));
  } catch (err) {
    el.replaceChildren(errorBox(err));
  }
}
