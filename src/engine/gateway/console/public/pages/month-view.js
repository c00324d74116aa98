import { badge, h, table } from '../dom.js';
import { locale, t } from '../i18n.js';

// A month as a Monday-first grid (desktop) and as a list of the days that are not plain open days
// (readable on a phone, and where the names are given in full).

const KIND_BADGE = { weekend: 'plain', holiday: 'bad', curated: 'warn', session: 'info', open: 'ok' };

function weekdayNames() {
  const fmt = new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => fmt.format(Date.UTC(2024, 0, 1 + i)));
}

function weekdayIndex(date) {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function kindBadge(kind) {
  return badge(t(`day.${kind}`), KIND_BADGE[kind] ?? 'plain');
}

export function monthGrid(days, onPick) {
  const cells = [];
  const lead = days.length ? weekdayIndex(days[0].date) : 0;
  for (let i = 0; i < lead; i++) cells.push(h('div', { class: 'day blank', 'aria-hidden': 'true' }));
  for (const day of days) {
    const label = `${day.date} ${t(`day.${day.kind}`)}${day.name ? ` — ${day.name}` : ''}`;
    const content = [
      h('span', { class: 'day-num' }, String(Number(day.date.slice(8)))),
      day.name ? h('span', { class: 'day-name' }, day.name) : null,
    ];
    cells.push(
      onPick
        ? h(
            'button',
            {
              type: 'button',
              class: `day kind-${day.kind}`,
              title: label,
              'aria-label': label,
              dataset: { date: day.date },
              onclick: () => onPick(day),
            },
            content,
          )
        : h('div', { class: `day kind-${day.kind}`, title: label, dataset: { date: day.date } }, content),
    );
  }
  return h(
    'div',
    { class: 'month', role: 'group', 'aria-label': t('calendars.grid') },
    weekdayNames().map((name) => h('div', { class: 'weekday', 'aria-hidden': 'true' }, name)),
    cells,
  );
}

export function monthList(days, onPick) {
  const special = days.filter((d) => d.kind !== 'open' && d.kind !== 'weekend');
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('calendars.closures')),
    table(
      [t('col.date'), t('col.kind'), t('col.name'), t('col.source'), t('col.hours'), ''],
      special.map((d) =>
        h(
          'tr',
          { dataset: { date: d.date } },
          h('td', null, d.date),
          h('td', null, kindBadge(d.kind)),
          h('td', { class: 'wrap' }, d.name ?? ''),
          h('td', null, d.source ?? ''),
          h('td', null, d.open || d.close ? `${d.open ?? ''}–${d.close ?? ''}` : ''),
          h(
            'td',
            null,
            onPick && isCurated(d)
              ? h('button', { type: 'button', class: 'small', onclick: () => onPick(d) }, t('common.edit'))
              : '',
          ),
        ),
      ),
      { label: t('calendars.closures'), empty: t('calendars.noClosures') },
    ),
  );
}

/** Entered by a person (`holiday add`, this page), so it may be edited or removed here. */
export function isCurated(day) {
  return day.kind === 'curated' || day.source === 'manual';
}
