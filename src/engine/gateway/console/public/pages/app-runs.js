import { enc, get } from '../api.js';
import { field, h, select, table } from '../dom.js';
import { fmtDuration, fmtTime } from '../format.js';
import { t, tv } from '../i18n.js';
import { state } from '../state.js';
import { load } from '../ui.js';
import { pagerButtons, stateBadge } from './common.js';

const OUTCOMES = ['ok', 'error', 'timed-out', 'crashed', 'interrupted', 'skipped', 'running'];

function rows(runs) {
  return runs.map((r) =>
    h(
      'tr',
      { dataset: { run: r.id } },
      h('td', { class: 'num' }, `#${r.id}`),
      h('td', null, stateBadge(r.outcome)),
      h('td', null, fmtTime(r.startedAt)),
      h(
        'td',
        { class: 'num' },
        r.endedAt === null ? t('app.runRunning') : fmtDuration(r.endedAt - r.startedAt),
      ),
      h('td', null, tv('trigger', r.trigger)),
      h('td', null, r.node ?? '—'),
      h('td', { class: 'wrap' }, r.error ?? ''),
    ),
  );
}

function runKey(status) {
  return JSON.stringify(status?.lastRun ?? null);
}

/** The app's runs, newest first: outcome filter, pages of 20 going back with `before`. */
export function appRunsTab(body, app) {
  const outcome = select('outcome', [['', t('common.all')], ...OUTCOMES.map((o) => [o, tv('state', o)])], '');
  const list = h('div');
  const pager = h('div', { class: 'pager' });
  const pages = [undefined];
  // What the app's last run looked like when the tab opened: a change means a new run to show.
  let lastSeen = runKey(state.status?.apps.find((a) => a.app === app));

  const show = () =>
    load(list, async () => {
      const before = pages.at(-1);
      const answer = await get(`/apps/${enc(app)}/runs`, { outcome: outcome.value, before, limit: 20 });
      pager.replaceChildren(...pagerButtons(pages, answer.next, show));
      return table(
        [
          [t('col.run'), 'num'],
          t('col.outcome'),
          t('col.started'),
          [t('col.duration'), 'num'],
          t('col.trigger'),
          t('col.node'),
          t('col.error'),
        ],
        rows(answer.runs),
        { label: t('app.tab.runs'), empty: t('app.noRuns'), class: 'runs-table' },
      );
    });
  outcome.addEventListener('change', () => {
    pages.length = 1;
    show();
  });
  body.replaceChildren(h('div', { class: 'filters' }, field(t('col.outcome'), outcome)), list, pager);
  show();
  return {
    refresh: () => pages.length === 1 && show(),
    // A new run (started or finished) shows at once on the first page.
    live(status) {
      const seen = runKey(status);
      if (seen !== lastSeen && pages.length === 1) show();
      lastSeen = seen;
    },
  };
}
