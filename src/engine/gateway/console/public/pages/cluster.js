import { badge, fill, h, table } from '../dom.js';
import { fmtDuration } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { section } from '../ui.js';
import { pageTitle, stateBadge, timeCell } from './common.js';

function nodeRows(cluster) {
  return cluster.nodes.map((n) =>
    h(
      'tr',
      { dataset: { node: n.node } },
      h(
        'th',
        { scope: 'row' },
        n.node,
        n.node === cluster.node ? h('small', { class: 'muted block' }, t('cluster.thisNode')) : null,
      ),
      h(
        'td',
        null,
        n.stoppedAt
          ? badge(t('cluster.stopped'), 'plain')
          : n.ageMs > cluster.ttl
            ? badge(t('cluster.silent'), 'bad')
            : badge(t('cluster.alive'), 'ok'),
      ),
      h('td', null, `${n.host} · ${n.pid}`),
      h('td', { class: 'wrap' }, n.url),
      h('td', null, timeCell(n.startedAt)),
      h('td', null, t('time.ago', { d: fmtDuration(n.ageMs) })),
      h(
        'td',
        null,
        h(
          'ul',
          { class: 'plain-list' },
          Object.entries(n.apps).map(([app, s]) => h('li', null, app, ' ', stateBadge(s))),
        ),
      ),
    ),
  );
}

function leaseRows(cluster) {
  return cluster.leases.map((l) =>
    h(
      'tr',
      { dataset: { lease: l.name } },
      h('th', { scope: 'row', class: 'wrap' }, l.name),
      h('td', null, l.holder),
      h('td', { class: 'num' }, l.epoch),
      h('td', null, l.live ? badge(t('cluster.live'), 'ok') : badge(t('cluster.expired'), 'bad')),
      h('td', null, timeCell(l.acquiredAt)),
      h('td', null, timeCell(l.expiresAt)),
    ),
  );
}

function draw(main) {
  const cluster = state.status?.cluster;
  if (!cluster) {
    fill(main, pageTitle(t('nav.cluster')), h('p', { class: 'muted' }, t('cluster.off')));
    return;
  }
  fill(
    main,
    pageTitle(
      t('nav.cluster'),
      h(
        'p',
        { class: 'muted' },
        t('cluster.answered', { node: cluster.node, ttl: fmtDuration(cluster.ttl) }),
      ),
    ),
    section(
      t('cluster.nodes'),
      table(
        [
          t('col.node'),
          t('col.state'),
          t('cluster.hostPid'),
          t('cluster.url'),
          t('col.started'),
          t('cluster.heartbeat'),
          t('cluster.apps'),
        ],
        nodeRows(cluster),
        { label: t('cluster.nodes') },
      ),
    ),
    section(
      t('cluster.leases'),
      table(
        [
          t('col.name'),
          t('cluster.holder'),
          [t('cluster.epoch'), 'num'],
          t('col.state'),
          t('cluster.acquired'),
          t('cluster.expires'),
        ],
        leaseRows(cluster),
        { label: t('cluster.leases'), empty: t('cluster.noLeases') },
      ),
    ),
  );
}

/** Cluster mode: the nodes sharing the store and who holds each singleton lease (live). */
export const clusterPage = {
  title: 'nav.cluster',
  render: draw,
  update: draw,
};
