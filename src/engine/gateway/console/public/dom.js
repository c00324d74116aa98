// A tiny element builder. Text always goes in as text nodes, never as markup, so nothing a message,
// log line or app name contains can become HTML.

/** h('button', { class: 'x', onclick: fn, disabled: true }, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table that scrolls sideways inside its own box on narrow screens. */
export function table(headers, rows, opts = {}) {
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': opts.label ?? null },
    h(
      'table',
      { class: opts.class ?? null },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          // A header given as [text, 'num'] is right-aligned over its numbers.
          headers.map((head) =>
            Array.isArray(head)
              ? h('th', { scope: 'col', class: head[1] }, head[0])
              : h('th', { scope: 'col' }, head),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        rows.length
          ? rows
          : h('tr', null, h('td', { colspan: headers.length, class: 'empty' }, opts.empty ?? '—')),
      ),
    ),
  );
}

/** A labelled form field (label above the control). */
export function field(label, control, extra) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: `field ${extra ?? ''}`.trim() }, h('label', { for: id }, label), control);
}

export function select(name, options, value) {
  return h(
    'select',
    { name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value ? true : null }, label)),
  );
}

export function badge(text, kind) {
  return h('span', { class: `badge badge-${kind ?? 'plain'}` }, text);
}
