import { request, setCsrf, whenUnauthorized } from './api.js';
import { h } from './dom.js';
import { setZone } from './format.js';
import { currentLang, setLang, t } from './i18n.js';
import { renderLayout, updateHeader, updateNav } from './layout.js';
import { startLive, stopLive } from './live.js';
import { PAGES } from './pages/index.js';
import { renderLogin } from './pages/login.js';
import { currentRoute, startRouter } from './router.js';
import { onUpdate, state } from './state.js';
import { errorText } from './ui.js';

const root = document.getElementById('root');
let layout = null;
let cleanup = null;
let generation = 0;

async function boot() {
  setLang(currentLang());
  startRouter(() => showPage());
  whenUnauthorized(() => sessionEnded());
  onUpdate(() => updateHeader());
  try {
    const session = await request('GET', '/console/session');
    await signedIn(session);
  } catch (err) {
    if (err.status === 401) showLogin();
    else root.replaceChildren(h('main', { class: 'closed-box' }, h('p', { role: 'alert' }, errorText(err))));
  }
}

async function signedIn(session) {
  state.session = session;
  setCsrf(session.csrf);
  state.status = await request('GET', '/api/v1/status');
  setZone(state.status.timezone);
  drawLayout();
  startLive(() => sessionEnded());
  showPage();
}

function drawLayout() {
  layout = renderLayout(root, {
    onLang: () => {
      setLang(currentLang() === 'ko' ? 'en' : 'ko');
      drawLayout();
      showPage();
    },
    onLogout: async () => {
      try {
        await request('POST', '/console/logout');
      } finally {
        sessionEnded(false);
      }
    },
  });
  updateHeader();
}

function showLogin(expired = false) {
  cleanup?.();
  cleanup = null;
  layout = null;
  renderLogin(root, { expired, onSignedIn: (session) => signedIn(session) });
}

function sessionEnded(expired = true) {
  stopLive();
  state.session = null;
  setCsrf(null);
  showLogin(expired);
}

/** Draws the page for the current path; a page may return a cleanup (timers, subscriptions). */
function showPage() {
  if (!layout) return;
  cleanup?.();
  cleanup = null;
  const route = currentRoute();
  const gen = ++generation;
  // Answers that arrive after the person moved on must not draw into the next page.
  route.active = () => gen === generation;
  updateNav(layout.nav, layout.menu, route.name);
  const page = PAGES[route.name] ?? PAGES['not-found'];
  document.title = `${t(page.title)} · opsbot`;
  const main = layout.main;
  main.replaceChildren();
  const done = page.render(main, route);
  // After a move within the console, keyboard and screen-reader users start at the new page.
  if (gen > 1) main.focus({ preventScroll: true });
  // A page redraws its live parts on each update; the nav follows cluster mode.
  const stop = onUpdate(() => {
    updateNav(layout.nav, layout.menu, route.name, { keepOpen: true });
    page.update?.(main, route);
  });
  cleanup = () => {
    stop();
    if (typeof done === 'function') done();
  };
  updateHeader();
}

boot();
