import { enc, get } from '../api.js';
import { field, h, select } from '../dom.js';
import { fmtTime } from '../format.js';
import { t } from '../i18n.js';
import { errorBox } from '../ui.js';

const LEVELS = ['debug', 'info', 'warn', 'error'];
const FOLLOW_MS = 3000;

function fieldsText(fields) {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

function line(l) {
  return h(
    'li',
    { class: `log-line level-${l.level}` },
    h('span', { class: 'log-time' }, l.time === null ? '' : fmtTime(l.time)),
    h('span', { class: 'log-level' }, l.level),
    h('span', { class: 'log-msg' }, l.msg),
    Object.keys(l.fields).length ? h('span', { class: 'log-fields' }, fieldsText(l.fields)) : null,
  );
}

/** The app's log: level filter, search, newest last; follows (polls) while the tab is open. */
export function appLogTab(body, app) {
  const level = select('level', [['', t('common.all')], ...LEVELS.map((l) => [l, l])], '');
  const search = h('input', { type: 'search', name: 'search', maxlength: '200' });
  const follow = h('input', { type: 'checkbox', name: 'follow', checked: true });
  const out = h('div', { class: 'log-box', tabindex: '0', role: 'log', 'aria-label': t('app.tab.log') });
  let timer = null;
  let stopped = false;

  const show = async () => {
    clearTimeout(timer);
    try {
      const answer = await get(`/apps/${enc(app)}/logs`, {
        level: level.value,
        search: search.value,
        lines: 300,
      });
      const atEnd = out.scrollTop + out.clientHeight >= out.scrollHeight - 20;
      out.replaceChildren(
        answer.lines.length
          ? h('ol', { class: 'log-lines' }, answer.lines.map(line))
          : h('p', { class: 'muted' }, t('app.noLog')),
      );
      if (atEnd) out.scrollTop = out.scrollHeight;
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
    if (follow.checked && !stopped) timer = setTimeout(show, FOLLOW_MS);
  };
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(show, 300);
  });
  level.addEventListener('change', show);
  follow.addEventListener('change', show);
  body.replaceChildren(
    h(
      'div',
      { class: 'filters' },
      field(t('log.level'), level),
      field(t('common.search'), search),
      h('label', { class: 'check' }, follow, ' ', t('log.follow')),
    ),
    out,
  );
  show();
  return {
    refresh: show,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
