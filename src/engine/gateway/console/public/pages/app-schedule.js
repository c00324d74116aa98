import { enc, get } from '../api.js';
import { badge, h, table } from '../dom.js';
import { fmtDay, fmtRelative, fmtTime } from '../format.js';
import { t } from '../i18n.js';
import { load, section } from '../ui.js';

/** The cron, its zone and skip rules; the next 10 runs; the days skipped on the way and why. */
export function appScheduleTab(body, app) {
  const show = () =>
    load(body, async () => {
      const answer = await get(`/apps/${enc(app)}/schedule`, { count: 10 });
      if (!answer.schedule) return h('p', { class: 'muted' }, t('schedule.none'));
      const { cron, timezone, skip } = answer.schedule;
      return [
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, t('schedule.cron')),
          h('dd', null, h('code', null, cron)),
          h('dt', null, t('schedule.zone')),
          h('dd', null, timezone),
          h('dt', null, t('schedule.skip')),
          h('dd', null, skip.length ? skip.map((s) => badge(s, 'plain')) : t('schedule.noSkip')),
        ),
        section(
          t('schedule.next'),
          h(
            'ol',
            { class: 'next-runs' },
            answer.next.map((at) =>
              h('li', null, fmtTime(at), ' ', h('small', { class: 'muted' }, fmtRelative(at))),
            ),
          ),
        ),
        section(
          t('schedule.skipped'),
          table(
            [t('col.date'), t('col.reason')],
            answer.skipped.map((s) =>
              h('tr', null, h('td', null, fmtDay(s.at)), h('td', { class: 'wrap' }, s.reason)),
            ),
            { label: t('schedule.skipped'), empty: t('schedule.noneSkipped') },
          ),
        ),
      ];
    });
  show();
  return { refresh: show };
}
