import { field, h, select } from '../dom.js';
import { currentZone, zonedInputToMs } from '../format.js';
import { t } from '../i18n.js';
import { setQuery } from '../router.js';

/**
 * A filter form whose values live in the URL (a filtered page can be bookmarked or shared).
 * specs: [{ name, label, options? }] — with options a select, else a text input; `time: true`
 * for a datetime-local read in the daemon's zone.
 */
export function filterForm(route, specs, onChange) {
  const controls = {};
  const parts = specs.map((spec) => {
    const value = route.query.get(spec.name) ?? '';
    let control;
    if (spec.options) control = select(spec.name, [['', t('common.all')], ...spec.options], value);
    else
      control = h('input', {
        name: spec.name,
        type: spec.time ? 'datetime-local' : 'text',
        value,
        list: spec.list ?? null,
      });
    controls[spec.name] = control;
    const label = spec.time ? `${spec.label} (${currentZone()})` : spec.label;
    return field(label, control);
  });
  const values = () =>
    Object.fromEntries(Object.entries(controls).map(([name, c]) => [name, c.value.trim()]));
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    parts,
    h(
      'div',
      { class: 'filter-buttons' },
      h('button', { type: 'submit' }, t('common.apply')),
      h('button', { type: 'reset' }, t('common.clear')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setQuery(values());
    onChange(values());
  });
  form.addEventListener('reset', () => {
    // After the browser has reset the controls to their markup values, clear them for real.
    setTimeout(() => {
      for (const c of Object.values(controls)) c.value = '';
      setQuery({});
      onChange(values());
    });
  });
  return { form, values };
}

/** since/until inputs → ms for the API. */
export function timeRange(values) {
  return { since: zonedInputToMs(values.since), until: zonedInputToMs(values.until) };
}
