import { get } from '../api.js';
import { h, table } from '../dom.js';
import { fmtTime } from '../format.js';
import { t } from '../i18n.js';
import { load, section } from '../ui.js';
import { pagerButtons, pageTitle, stateBadge } from './common.js';
import { filterForm } from './filters.js';

/** The call's arguments as `key=value` pairs (the daemon has masked secrets already). */
function argsText(args) {
  if (args === null || typeof args !== 'object')
    return args === undefined || args === null ? '' : String(args);
  return Object.entries(args)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** Who did what and when, from the console, the API or the CLI; newest first, pages of 50. */
export const auditPage = {
  title: 'nav.audit',
  render(main, route) {
    const list = h('div');
    const pager = h('div', { class: 'pager' });
    const pages = [undefined];
    const { form, values } = filterForm(
      route,
      [
        { name: 'actor', label: t('col.actor') },
        { name: 'action', label: t('col.action') },
      ],
      () => {
        pages.length = 1;
        show();
      },
    );
    const show = () =>
      load(list, async () => {
        const v = values();
        const answer = await get('/audit', {
          actor: v.actor,
          action: v.action,
          before: pages.at(-1),
          limit: 50,
        });
        pager.replaceChildren(...pagerButtons(pages, answer.next, show));
        return table(
          [
            t('col.time'),
            t('col.actor'),
            t('col.via'),
            t('col.action'),
            t('col.target'),
            t('col.outcome'),
            t('col.details'),
          ],
          answer.entries.map((e) =>
            h(
              'tr',
              { dataset: { id: e.id, action: e.action } },
              h('td', null, fmtTime(e.at)),
              h('td', null, e.actor),
              h('td', null, e.via),
              h('td', null, h('code', null, e.action)),
              h('td', null, e.target ?? ''),
              h('td', null, stateBadge(e.outcome)),
              h('td', { class: 'wrap' }, [
                e.error ?? '',
                e.error && argsText(e.args) ? ' · ' : '',
                argsText(e.args),
              ]),
            ),
          ),
          { label: t('nav.audit'), empty: t('audit.empty'), class: 'audit-table' },
        );
      });
    main.append(pageTitle(t('nav.audit')), section(t('common.filters'), form), list, pager);
    show();
  },
};
