import { enc, get } from '../api.js';
import { field, h, select } from '../dom.js';
import { currentMonth } from '../format.js';
import { locale, t } from '../i18n.js';
import { setQuery } from '../router.js';
import { can } from '../state.js';
import { load } from '../ui.js';
import { closureEditor } from './closure-editor.js';
import { pageTitle } from './common.js';
import { monthGrid, monthList } from './month-view.js';

function shiftMonth(month, by) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, 15),
  );
}

/** A month per exchange: weekends, holidays, curated closures and short sessions, with why. */
export const calendarsPage = {
  title: 'nav.calendars',
  render(main, route) {
    const body = h('div');
    main.append(pageTitle(t('nav.calendars')), body);
    load(body, async () => {
      const { exchanges } = await get('/calendars');
      if (!exchanges.length) return h('p', { class: 'muted' }, t('calendars.none'));
      const view = {
        exchange: exchanges.some((x) => x.code === route.query.get('exchange'))
          ? route.query.get('exchange')
          : exchanges[0].code,
        month: /^\d{4}-\d{2}$/.test(route.query.get('month') ?? '')
          ? route.query.get('month')
          : currentMonth(),
      };
      const picker = select(
        'exchange',
        exchanges.map((x) => [x.code, `${x.code} · ${x.name}`]),
        view.exchange,
      );
      const title = h('h2', { class: 'month-title', 'aria-live': 'polite' });
      const month = h('div');
      const editor = h('div');
      const show = async () => {
        setQuery(view);
        title.textContent = `${view.exchange} · ${monthName(view.month)}`;
        await load(month, async () => {
          const answer = await get(`/calendars/${enc(view.exchange)}/${view.month}`);
          const onPick = can('admin')
            ? (day) => editor.replaceChildren(closureEditor(view.exchange, day, show))
            : null;
          return [monthGrid(answer.days, onPick), monthList(answer.days, onPick)];
        });
      };
      const go = (by) => () => {
        view.month = shiftMonth(view.month, by);
        show();
      };
      picker.addEventListener('change', () => {
        view.exchange = picker.value;
        show();
      });
      show();
      return [
        h(
          'div',
          { class: 'filters month-bar' },
          field(t('calendars.exchange'), picker),
          h(
            'div',
            { class: 'month-nav' },
            h('button', { type: 'button', onclick: go(-1), 'aria-label': t('calendars.prev') }, '‹'),
            title,
            h('button', { type: 'button', onclick: go(1), 'aria-label': t('calendars.next') }, '›'),
          ),
        ),
        can('admin')
          ? h('p', { class: 'muted' }, t('calendars.adminHint'))
          : h('p', { class: 'muted role-note' }, t('calendars.viewerNote')),
        month,
        editor,
      ];
    });
  },
};
