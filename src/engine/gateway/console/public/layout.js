import { h } from './dom.js';
import { currentZone } from './format.js';
import { currentLang, t } from './i18n.js';
import { link } from './router.js';
import { can, state } from './state.js';

/** The nav entries: [route name, path parts, text key, shown?]. */
function navItems() {
  return [
    ['overview', [], 'nav.overview', true],
    ['outbox', ['outbox'], 'nav.outbox', true],
    ['inbox', ['inbox'], 'nav.inbox', true],
    ['connections', ['connections'], 'nav.connections', true],
    ['calendars', ['calendars'], 'nav.calendars', true],
    ['cluster', ['cluster'], 'nav.cluster', Boolean(state.status?.cluster)],
    ['audit', ['audit'], 'nav.audit', true],
    ['users', ['users'], 'nav.users', can('admin')],
  ];
}

/**
 * Header (brand, zone, live, language, user), the nav (a list on the left; behind a menu button
 * on a phone) and the main area the pages draw into.
 */
export function renderLayout(root, { onLang, onLogout }) {
  const nav = h('nav', { id: 'nav', class: 'nav', 'aria-label': t('nav.label') });
  const menu = h(
    'button',
    { type: 'button', class: 'menu-button', 'aria-controls': 'nav', 'aria-expanded': 'false' },
    t('nav.menu'),
  );
  menu.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    menu.setAttribute('aria-expanded', String(open));
  });
  const header = h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: link() }, 'opsbot', h('span', { class: 'brand-sub' }, t('app.console'))),
    menu,
    h(
      'div',
      { class: 'top-info' },
      h('span', { id: 'live', class: 'live', role: 'status' }),
      h('span', { id: 'zone', class: 'zone' }),
      h(
        'button',
        { type: 'button', class: 'lang', onclick: onLang, lang: currentLang() === 'ko' ? 'en' : 'ko' },
        currentLang() === 'ko' ? 'English' : '한국어',
      ),
      h('span', { class: 'who' }, state.session.name, ' · ', t(`role.${state.session.role}`)),
      h('button', { type: 'button', class: 'logout', onclick: onLogout }, t('auth.logout')),
    ),
  );
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  root.replaceChildren(
    h('a', { class: 'skip', href: '#main' }, t('nav.skip')),
    h('div', { class: 'layout' }, header, nav, main),
    h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' }),
  );
  return { main, nav, menu };
}

/** Redraws the nav (the cluster entry appears with cluster mode) and marks the current page. */
export function updateNav(nav, menu, routeName, { keepOpen = false } = {}) {
  const items = navItems().filter(([, , , shown]) => shown);
  const key = `${routeName}|${items.map(([name]) => name).join(',')}`;
  if (keepOpen && nav.dataset.key === key) return;
  nav.dataset.key = key;
  nav.replaceChildren(
    h(
      'ul',
      null,
      items.map(([name, parts, key]) =>
        h(
          'li',
          null,
          h('a', { href: link(...parts), 'aria-current': name === routeName ? 'page' : null }, t(key)),
        ),
      ),
    ),
  );
  if (keepOpen) return;
  nav.classList.remove('open');
  menu.setAttribute('aria-expanded', 'false');
}

/** The live dot and the zone label in the header. */
export function updateHeader() {
  const live = document.getElementById('live');
  if (live) {
    live.className = `live ${state.live ? 'on' : 'off'}`;
    const text = state.live ? t('live.on') : t('live.off');
    // On a phone only the dot shows; the word stays for screen readers and as a tooltip.
    live.title = text;
    live.replaceChildren(h('span', { class: 'live-text' }, text));
  }
  const zone = document.getElementById('zone');
  if (zone) zone.textContent = t('time.zone', { zone: currentZone() });
}
