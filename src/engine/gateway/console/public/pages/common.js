import { badge, h } from '../dom.js';
import { fmtRelative, fmtShortTime } from '../format.js';
import { t, tv } from '../i18n.js';

// Badges and cells several pages share.

const STATE_KIND = {
  running: 'ok',
  ok: 'ok',
  delivered: 'ok',
  open: 'ok',
  idle: 'plain',
  stopped: 'plain',
  pending: 'info',
  sending: 'info',
  starting: 'info',
  expiring: 'warn',
  restarting: 'warn',
  skipped: 'plain',
  interrupted: 'warn',
  crashed: 'bad',
  error: 'bad',
  failed: 'bad',
  dead: 'bad',
  'timed-out': 'bad',
  expired: 'bad',
  'needs-login': 'bad',
  denied: 'bad',
};

export function stateBadge(value) {
  return badge(tv('state', value), STATE_KIND[value] ?? 'plain');
}

/** A time with its distance from now below it. */
export function timeCell(ms) {
  if (ms === null || ms === undefined) return '—';
  return h(
    'span',
    { class: 'time' },
    fmtShortTime(ms),
    h('small', { class: 'muted block' }, fmtRelative(ms)),
  );
}

export function pageTitle(text, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', null, text), ...extra);
}

/**
 * "Newer · page N · older" for lists that page backwards with `before`: `pages` holds the `before`
 * of each page shown so far (undefined for the first), `next` is the answer's next cursor.
 */
export function pagerButtons(pages, next, show) {
  const button = (label, disabled, move) => {
    const onclick = () => {
      move();
      show();
    };
    return h('button', { type: 'button', disabled, onclick }, label);
  };
  return [
    button(t('common.newer'), pages.length === 1, () => pages.pop()),
    h('span', { class: 'muted' }, t('common.page', { n: pages.length })),
    button(t('common.older'), next === null, () => pages.push(next)),
  ];
}
