import { locale, t } from './i18n.js';

// Times are shown in the daemon's timezone (status.timezone), whatever the browser's is: the
// schedules, closures and logs are all in that zone.
let zone = 'UTC';

export function setZone(tz) {
  zone = tz || 'UTC';
}

export function currentZone() {
  return zone;
}

function formatter(opts) {
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, hourCycle: 'h23', ...opts });
}

/** 2026-12-05 10:04:31 style (in the locale's order), or — for no time. */
export function fmtTime(ms) {
  if (ms === null || ms === undefined) return '—';
  return formatter({ dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

export function fmtShortTime(ms) {
  if (ms === null || ms === undefined) return '—';
  return formatter({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(ms);
}

export function fmtDay(ms) {
  return formatter({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(ms);
}

/** 1.2 s · 3 m 5 s · 2 h 10 m · 4 d 3 h (Korean: 1.2초 · 3분 5초 · 2시간 10분 · 4일 3시간) */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || ms < 0) return '—';
  const u = (unit, n) => t(`unit.${unit}`, { n });
  if (ms < 1000) return u('ms', Math.round(ms));
  const s = ms / 1000;
  if (s < 60) return u('s', s.toFixed(s < 10 ? 1 : 0));
  const m = Math.floor(s / 60);
  if (m < 60) return `${u('m', m)} ${u('s', Math.floor(s % 60))}`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${u('h', hrs)} ${u('m', m % 60)}`;
  return `${u('d', Math.floor(hrs / 24))} ${u('h', hrs % 24)}`;
}

/** "in 5 m" / "3 m ago" relative to now. */
export function fmtRelative(ms) {
  if (ms === null || ms === undefined) return '';
  const diff = ms - Date.now();
  return diff >= 0 ? t('time.in', { d: fmtDuration(diff) }) : t('time.ago', { d: fmtDuration(-diff) });
}

/** The zone's offset at `ms`, in ms (Asia/Seoul → +9 h). */
function offsetAt(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    +parts.year,
    +parts.month - 1,
    +parts.day,
    +parts.hour,
    +parts.minute,
    +parts.second,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A datetime-local value ("2026-12-05T09:30") read as a time in the daemon's zone → ms. */
export function zonedInputToMs(value) {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const first = guess - offsetAt(guess);
  // Near a DST change the offset at the first answer can differ; one more step settles it.
  return guess - offsetAt(first);
}

/** ms → a datetime-local value in the daemon's zone. */
export function msToZonedInput(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '';
  const d = new Date(ms + offsetAt(ms));
  return d.toISOString().slice(0, 16);
}

/** Today's YYYY-MM in the daemon's zone. */
export function currentMonth() {
  return msToZonedInput(Date.now()).slice(0, 7);
}

export function fmtJson(value) {
  return JSON.stringify(value, null, 2);
}
