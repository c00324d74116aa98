import { enc, post } from '../api.js';
import { h } from '../dom.js';
import { fmtDuration } from '../format.js';
import { t, tv } from '../i18n.js';
import { link, setQuery } from '../router.js';
import { can, state } from '../state.js';
import { busy, notify } from '../ui.js';
import { appConfigTab } from './app-config.js';
import { appLogTab } from './app-log.js';
import { appRunsTab } from './app-runs.js';
import { appScheduleTab } from './app-schedule.js';
import { pageTitle, stateBadge, timeCell } from './common.js';

const TABS = {
  runs: ['app.tab.runs', appRunsTab],
  log: ['app.tab.log', appLogTab],
  schedule: ['app.tab.schedule', appScheduleTab],
  config: ['app.tab.config', appConfigTab],
};

function appStatus(app) {
  return state.status?.apps.find((a) => a.app === app) ?? null;
}

function summary(app) {
  const a = appStatus(app);
  if (!a) return h('p', { class: 'error-box', role: 'alert' }, t('app.unknown'));
  const item = (label, value) =>
    h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), value);
  return h(
    'div',
    { class: 'stats' },
    item(t('col.state'), h('span', null, stateBadge(a.state))),
    item(t('col.pid'), h('strong', null, String(a.pid ?? '—'))),
    item(t('col.uptime'), h('strong', null, fmtDuration(a.uptimeMs))),
    item(t('col.restarts'), h('strong', null, String(a.restarts))),
    item(
      t('col.lastRun'),
      a.lastRun ? h('span', null, stateBadge(a.lastRun.outcome), ' ', timeCell(a.lastRun.startedAt)) : '—',
    ),
    item(t('col.nextRun'), timeCell(a.nextRun)),
    a.error || a.restartReason ? h('p', { class: 'stat-note' }, a.error ?? a.restartReason) : null,
  );
}

/** Whether the app declares dryRun (else the daemon refuses a dry run, so the button is hidden). */
const dryRunOf = (app) => state.status?.apps.find((a) => a.app === app)?.dryRun === true;

/** Run now, dry run, stop, start, restart — shown to operators and admins only. */
function actions(app, onRan) {
  if (!can('operator')) return h('p', { class: 'muted role-note' }, t('app.viewerNote'));
  const run = (dryRun) => async (event) => {
    const result = await busy(event.currentTarget, () => post(`/apps/${enc(app)}/run`, { dryRun }));
    if (!result) return;
    const text = t('app.ran', {
      id: result.runId,
      outcome: tv('state', result.outcome),
      d: fmtDuration(result.durationMs),
    });
    notify(result.error ? `${text}: ${result.error}` : text, result.outcome === 'ok' ? 'ok' : 'error');
    onRan();
  };
  const change = (verb) => async (event) => {
    const result = await busy(event.currentTarget, () => post(`/apps/${enc(app)}/${verb}`));
    if (result) notify(t('app.changed', { app, state: tv('state', result.state) }));
  };
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': t('app.actions') },
    h('button', { type: 'button', class: 'primary', onclick: run(false) }, t('app.runNow')),
    h(
      'button',
      { type: 'button', class: 'dry-run', hidden: !dryRunOf(app), onclick: run(true) },
      t('app.dryRun'),
    ),
    h('button', { type: 'button', onclick: change('stop') }, t('app.stop')),
    h('button', { type: 'button', onclick: change('start') }, t('app.start')),
    h('button', { type: 'button', onclick: change('restart') }, t('app.restart')),
  );
}

export const appPage = {
  title: 'app.title',
  render(main, route) {
    const app = route.params.app;
    const tab = TABS[route.query.get('tab')] ? route.query.get('tab') : 'runs';
    const summaryBox = h('div', null, summary(app));
    const body = h('div', { class: 'tab-body', id: 'tab-body', role: 'tabpanel' });
    let current = null;
    const show = (name) => {
      current?.stop?.();
      setQuery(name === 'runs' ? {} : { tab: name });
      for (const button of tabs.querySelectorAll('button')) {
        button.setAttribute('aria-selected', String(button.dataset.tab === name));
      }
      current = TABS[name][1](body, app);
    };
    const tabs = h(
      'div',
      { class: 'tabs', role: 'tablist', 'aria-label': t('app.tabs') },
      Object.entries(TABS).map(([name, [key]]) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            'aria-controls': 'tab-body',
            dataset: { tab: name },
            onclick: () => show(name),
          },
          t(key),
        ),
      ),
    );
    main.append(
      h('p', { class: 'crumbs' }, h('a', { href: link() }, t('nav.overview')), ' / '),
      pageTitle(app),
      summaryBox,
      actions(app, () => current?.refresh?.()),
      tabs,
      body,
    );
    show(tab);
    this.summaryBox = summaryBox;
    this.current = () => current;
    return () => current?.stop?.();
  },
  update(main, route) {
    this.summaryBox?.replaceChildren(summary(route.params.app));
    main.querySelector('.dry-run')?.toggleAttribute('hidden', !dryRunOf(route.params.app));
    this.current?.()?.live?.(appStatus(route.params.app));
  },
};
