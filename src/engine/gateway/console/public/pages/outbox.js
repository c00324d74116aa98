import { get, post } from '../api.js';
import { h, table } from '../dom.js';
import { t, tv } from '../i18n.js';
import { messageCard } from '../preview.js';
import { can, state } from '../state.js';
import { busy, load, notify, section } from '../ui.js';
import { pageTitle, stateBadge, timeCell } from './common.js';
import { filterForm, timeRange } from './filters.js';

const STATUSES = ['pending', 'sending', 'delivered', 'dead'];

function itemRows(items, selected) {
  return items.flatMap((item) => {
    const detail = h('tr', { class: 'detail', hidden: true }, h('td', { colspan: 8 }, messageCard(item)));
    const toggle = h(
      'button',
      { type: 'button', class: 'small', 'aria-expanded': 'false' },
      t('outbox.preview'),
    );
    toggle.addEventListener('click', () => {
      detail.hidden = !detail.hidden;
      toggle.setAttribute('aria-expanded', String(!detail.hidden));
    });
    const pick = h('input', {
      type: 'checkbox',
      'aria-label': t('outbox.select', { id: item.id.slice(0, 8) }),
    });
    pick.addEventListener('change', () => (pick.checked ? selected.add(item.id) : selected.delete(item.id)));
    const row = h(
      'tr',
      { dataset: { id: item.id, status: item.status } },
      can('operator') ? h('td', null, pick) : h('td', null),
      h('td', null, timeCell(item.createdAt)),
      h('td', null, item.app ?? '—'),
      h('td', { class: 'wrap' }, item.target),
      h('td', null, stateBadge(item.status)),
      h('td', { class: 'num' }, item.attempts),
      h('td', { class: 'wrap' }, item.lastError ?? (item.deliveredAt ? timeCell(item.deliveredAt) : '')),
      h('td', null, toggle),
    );
    return [row, detail];
  });
}

function operatorButtons(selected, reload) {
  if (!can('operator')) return h('p', { class: 'muted role-note' }, t('outbox.viewerNote'));
  const act = (work, done) => async (event) => {
    const result = await busy(event.currentTarget, work);
    if (result) {
      notify(done(result));
      reload();
    }
  };
  const purge = (what) =>
    act(
      () => (confirm(t(`outbox.purgeConfirm.${what}`)) ? post('/outbox/purge', { [what]: true }) : undefined),
      (r) => t('outbox.purged', { n: r.delivered + r.dead }),
    );
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': t('outbox.actions') },
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: act(
          () =>
            selected.size
              ? post('/outbox/retry', { ids: [...selected] })
              : notify(t('outbox.pickFirst'), 'error'),
          (r) => t('outbox.retried', { n: r.retried }),
        ),
      },
      t('outbox.retrySelected'),
    ),
    h(
      'button',
      {
        type: 'button',
        onclick: act(
          () => post('/outbox/retry', { dead: true }),
          (r) => t('outbox.retried', { n: r.retried }),
        ),
      },
      t('outbox.retryDead'),
    ),
    h('button', { type: 'button', onclick: purge('delivered') }, t('outbox.purgeDelivered')),
    h('button', { type: 'button', class: 'danger', onclick: purge('dead') }, t('outbox.purgeDead')),
  );
}

export const outboxPage = {
  title: 'nav.outbox',
  render(main, route) {
    const selected = new Set();
    const list = h('div');
    const { form, values } = filterForm(
      route,
      [
        { name: 'status', label: t('col.status'), options: STATUSES.map((s) => [s, tv('state', s)]) },
        { name: 'connection', label: t('col.connection') },
        { name: 'app', label: t('col.app') },
        { name: 'since', label: t('filter.since'), time: true },
        { name: 'until', label: t('filter.until'), time: true },
      ],
      () => show(),
    );
    const show = () =>
      load(list, async () => {
        selected.clear();
        const v = values();
        const answer = await get('/outbox', {
          status: v.status,
          connection: v.connection,
          app: v.app,
          ...timeRange(v),
          limit: 100,
        });
        return table(
          [
            '',
            t('col.created'),
            t('col.app'),
            t('col.target'),
            t('col.status'),
            [t('col.attempts'), 'num'],
            t('col.lastError'),
            '',
          ],
          itemRows(answer.items, selected),
          { label: t('nav.outbox'), empty: t('outbox.empty'), class: 'outbox-table' },
        );
      });
    main.append(
      pageTitle(t('nav.outbox')),
      section(t('common.filters'), form),
      operatorButtons(selected, () => show()),
      list,
    );
    show();
    this.show = show;
    this.seen = depth();
  },
  // Live: the list is fetched again when the outbox's counts move (a delivery, a retry, a new message).
  update() {
    const now = depth();
    if (now !== this.seen) this.show?.();
    this.seen = now;
  },
};

function depth() {
  return JSON.stringify(state.overview?.outbox ?? null);
}
