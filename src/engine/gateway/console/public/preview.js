import { h } from './dom.js';
import { fmtJson } from './format.js';
import { t } from './i18n.js';

// An outbox message as a chat card: title, text, a severity stripe, fields, links. Only http(s)
// links become links (a javascript: address stays text), and they open in a new tab.

const SEVERITIES = new Set(['info', 'success', 'warning', 'critical', 'error']);

export function messageCard(item) {
  if (!item.preview) {
    return h(
      'div',
      { class: 'card-native' },
      h('p', { class: 'muted' }, t('outbox.native', { kind: item.kind })),
      h('pre', { class: 'code' }, fmtJson(item.native ?? null)),
    );
  }
  const p = item.preview;
  const severity = SEVERITIES.has(p.severity) ? p.severity : 'none';
  return h(
    'article',
    { class: `chat-card severity-${severity}`, 'aria-label': t('outbox.preview') },
    h('div', { class: 'chat-from' }, 'opsbot', h('span', { class: 'muted' }, ` → ${item.target}`)),
    p.title ? h('h3', { class: 'chat-title' }, p.title) : null,
    h('p', { class: 'chat-text' }, p.text),
    p.fields?.length
      ? h(
          'dl',
          { class: 'chat-fields' },
          p.fields.map((f) => [h('dt', null, f.name), h('dd', null, f.value)]),
        )
      : null,
    p.links?.length
      ? h(
          'ul',
          { class: 'chat-links' },
          p.links.map((l) =>
            h(
              'li',
              null,
              /^https?:\/\//i.test(l.url)
                ? h(
                    'a',
                    { class: 'chat-link', href: l.url, target: '_blank', rel: 'noopener noreferrer' },
                    l.label,
                  )
                : h('span', { class: 'chat-link' }, l.label),
              h('small', { class: 'muted block' }, l.url),
            ),
          ),
        )
      : null,
  );
}
