import { get } from '../api.js';
import { h, table } from '../dom.js';
import { t } from '../i18n.js';
import { load, section } from '../ui.js';
import { pageTitle, stateBadge, timeCell } from './common.js';
import { filterForm, timeRange } from './filters.js';

function deliveries(list) {
  if (!list.length) return '—';
  return h(
    'ul',
    { class: 'plain-list' },
    list.map((d) => h('li', null, d.app, ' ', stateBadge(d.status), d.attempts > 1 ? ` ×${d.attempts}` : '')),
  );
}

export const inboxPage = {
  title: 'nav.inbox',
  render(main, route) {
    const list = h('div');
    const { form, values } = filterForm(
      route,
      [
        { name: 'connection', label: t('col.connection') },
        { name: 'app', label: t('col.app') },
        { name: 'since', label: t('filter.since'), time: true },
        { name: 'until', label: t('filter.until'), time: true },
      ],
      () => show(),
    );
    const show = () =>
      load(list, async () => {
        const v = values();
        const answer = await get('/inbox', {
          connection: v.connection,
          app: v.app,
          ...timeRange(v),
          limit: 100,
        });
        return table(
          [t('col.received'), t('col.connection'), t('col.status'), t('col.summary'), t('col.deliveries')],
          answer.items.map((item) =>
            h(
              'tr',
              { dataset: { id: item.id } },
              h('td', null, timeCell(item.receivedAt)),
              h('td', null, item.connection),
              h('td', null, stateBadge(item.status)),
              h('td', { class: 'wrap' }, item.summary),
              h('td', null, deliveries(item.deliveries)),
            ),
          ),
          { label: t('nav.inbox'), empty: t('inbox.empty') },
        );
      });
    main.append(pageTitle(t('nav.inbox')), section(t('common.filters'), form), list);
    show();
  },
};
