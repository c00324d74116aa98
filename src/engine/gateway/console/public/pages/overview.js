import { get } from '../api.js';
import { badge, fill, h, table } from '../dom.js';
import { fmtDuration } from '../format.js';
import { t } from '../i18n.js';
import { link } from '../router.js';
import { state } from '../state.js';
import { errorBox, section } from '../ui.js';
import { pageTitle, stateBadge, timeCell } from './common.js';

/** Which node runs `app` in cluster mode (the node list names each node's apps and their states). */
function nodeOf(app) {
  const nodes = state.status?.cluster?.nodes ?? [];
  return nodes.find((n) => !n.stoppedAt && n.apps[app] === 'running')?.node ?? null;
}

function appRows(apps) {
  return apps.map((a) => {
    const node = nodeOf(a.app);
    const last = a.lastRun;
    return h(
      'tr',
      { dataset: { app: a.app } },
      h('th', { scope: 'row' }, h('a', { href: link('apps', a.app) }, a.app)),
      h(
        'td',
        null,
        stateBadge(a.state),
        a.error || a.restartReason ? h('small', { class: 'muted block' }, a.error ?? a.restartReason) : null,
      ),
      h('td', { class: 'num' }, a.pid ?? '—', node ? h('small', { class: 'muted block' }, node) : null),
      h('td', null, fmtDuration(a.uptimeMs)),
      h('td', { class: 'num' }, a.restarts),
      h('td', { class: 'last-run' }, last ? [stateBadge(last.outcome), ' ', timeCell(last.startedAt)] : '—'),
      h('td', null, timeCell(a.nextRun)),
    );
  });
}

function healthPart(overview) {
  const health = overview.health;
  return h(
    'div',
    { class: 'stats' },
    h(
      'div',
      { class: 'stat' },
      h('span', { class: 'stat-label' }, t('overview.health')),
      health.ok ? badge(t('overview.healthy'), 'ok') : badge(t('overview.unhealthy'), 'bad'),
      health.cause ? h('small', { class: 'block' }, health.cause) : null,
    ),
    h(
      'div',
      { class: 'stat' },
      h('span', { class: 'stat-label' }, t('overview.apps')),
      h('strong', null, String(state.status?.apps.length ?? 0)),
    ),
    h(
      'a',
      { class: `stat ${overview.dead ? 'stat-bad' : ''}`, href: `${link('outbox')}?status=dead` },
      h('span', { class: 'stat-label' }, t('overview.dead')),
      h('strong', null, String(overview.dead)),
    ),
    h(
      'a',
      { class: `stat ${overview.tokens.length ? 'stat-bad' : ''}`, href: link('connections') },
      h('span', { class: 'stat-label' }, t('overview.tokens')),
      h('strong', null, String(overview.tokens.length)),
    ),
  );
}

function draw(main) {
  const { status, overview } = state;
  if (!status || !overview) return;
  fill(
    main,
    pageTitle(t('nav.overview')),
    healthPart(overview),
    section(
      t('overview.apps'),
      table(
        [
          t('col.app'),
          t('col.state'),
          [t('col.pidNode'), 'num'],
          t('col.uptime'),
          [t('col.restarts'), 'num'],
          t('col.lastRun'),
          t('col.nextRun'),
        ],
        appRows(status.apps),
        { label: t('overview.apps'), empty: t('overview.noApps'), class: 'apps-table' },
      ),
    ),
    section(
      t('overview.outbox'),
      table(
        [
          t('col.connection'),
          [t('state.pending'), 'num'],
          [t('state.sending'), 'num'],
          [t('state.delivered'), 'num'],
          [t('state.dead'), 'num'],
        ],
        overview.outbox.map((o) =>
          h(
            'tr',
            null,
            h(
              'th',
              { scope: 'row' },
              h(
                'a',
                { href: `${link('outbox')}?connection=${encodeURIComponent(o.connection)}` },
                o.connection,
              ),
            ),
            h('td', { class: 'num' }, o.pending),
            h('td', { class: 'num' }, o.sending),
            h('td', { class: 'num' }, o.delivered),
            h('td', { class: `num ${o.dead ? 'bad' : ''}` }, o.dead),
          ),
        ),
        { label: t('overview.outbox'), empty: t('overview.noOutbox') },
      ),
    ),
    section(
      t('overview.tokens'),
      overview.tokens.length
        ? h(
            'ul',
            { class: 'plain-list' },
            overview.tokens.map((tok) =>
              h(
                'li',
                null,
                h('a', { href: link('connections') }, tok.connection),
                ' ',
                stateBadge(tok.state),
                tok.warning ? ` ${tok.warning}` : '',
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('overview.tokensOk')),
    ),
  );
}

export const overviewPage = {
  title: 'nav.overview',
  render(main, route) {
    if (state.overview) {
      draw(main);
      return;
    }
    main.append(h('p', { class: 'muted' }, t('common.loading')));
    // The live stream sends the overview at once; this covers a stream that is slow to connect.
    get('/overview').then(
      (overview) => {
        state.overview ??= overview;
        if (route.active()) draw(main);
      },
      (err) => route.active() && fill(main, errorBox(err)),
    );
  },
  update: draw,
};
