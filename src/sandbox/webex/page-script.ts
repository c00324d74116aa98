/** The chat page's browser script: polling, sending (with a file), markdown, and Adaptive Cards as forms. */
export const PAGE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
let me = '';
let lastShown = '';
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
function markdown(src) {
  let h = esc(src);
  h = h.replace(/&lt;@person(?:Email|Id):([^|&]+)(?:\|([^&]*))?&gt;/g, (_, id, name) => '<b class="mention">@' + (name || id) + '</b>');
  h = h.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/\*([^*]+)\*/g, '<em>$1</em>');
  h = h.replace(/\x60([^\x60]+)\x60/g, '<code>$1</code>');
  h = h.replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank">$1</a>');
  return h.replace(/\n/g, '<br>');
}
function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}
function renderInput(item) {
  const wrap = el('label', { class: 'input' });
  if (item.label) wrap.append(el('span', { class: 'label' }, item.label));
  const common = { name: item.id, 'aria-label': item.id, placeholder: item.placeholder, 'data-id': item.id };
  let input;
  switch (item.type) {
    case 'Input.Text':
      input = item.isMultiline ? el('textarea', common) : el('input', { ...common, type: 'text', maxlength: item.maxLength });
      input.value = item.value ?? '';
      break;
    case 'Input.Number':
      input = el('input', { ...common, type: 'number', min: item.min, max: item.max });
      input.value = item.value ?? '';
      break;
    case 'Input.Date':
      input = el('input', { ...common, type: 'date', min: item.min, max: item.max });
      input.value = item.value ?? '';
      break;
    case 'Input.Time':
      input = el('input', { ...common, type: 'time', min: item.min, max: item.max });
      input.value = item.value ?? '';
      break;
    case 'Input.Toggle': {
      input = el('input', { ...common, type: 'checkbox', 'data-on': item.valueOn ?? 'true', 'data-off': item.valueOff ?? 'false' });
      input.checked = (item.value ?? item.valueOff ?? 'false') === (item.valueOn ?? 'true');
      wrap.append(input, el('span', {}, item.title ?? ''));
      return wrap;
    }
    case 'Input.ChoiceSet': {
      const chosen = String(item.value ?? '').split(',');
      if (item.isMultiSelect || item.style === 'expanded') {
        input = el('fieldset', { 'data-id': item.id, 'data-choice': item.isMultiSelect ? 'multi' : 'single', 'aria-label': item.id });
        for (const c of item.choices || []) {
          const opt = el('input', { type: item.isMultiSelect ? 'checkbox' : 'radio', name: item.id, value: c.value });
          opt.checked = chosen.includes(c.value);
          const row = el('label', { class: 'choice' });
          row.append(opt, el('span', {}, c.title));
          input.append(row);
        }
      } else {
        input = el('select', common);
        if (!item.value) input.append(el('option', { value: '' }, item.placeholder || ''));
        for (const c of item.choices || []) input.append(el('option', { value: c.value, selected: chosen.includes(c.value) }, c.title));
      }
      break;
    }
    default:
      return el('div', { class: 'unsupported' }, '[' + item.type + ' is not shown here]');
  }
  wrap.append(input);
  return wrap;
}
function renderElements(items, into) {
  for (const item of items || []) {
    if (item.type === 'TextBlock') into.append(el('p', { class: 'tb' + (item.weight === 'Bolder' ? ' bold' : '') }, item.text));
    else if (item.type === 'FactSet') {
      const dl = el('dl', { class: 'facts' });
      for (const f of item.facts || []) dl.append(el('dt', {}, f.title), el('dd', {}, f.value));
      into.append(dl);
    } else if (item.type === 'Container') renderElements(item.items, into);
    else if (item.type === 'ColumnSet') for (const c of item.columns || []) renderElements(c.items, into);
    else if (item.type === 'Image') into.append(el('img', { src: item.url, alt: item.altText || '' }));
    else if (String(item.type).startsWith('Input.')) into.append(renderInput(item));
    else into.append(el('div', { class: 'unsupported' }, '[' + item.type + ' is not shown here]'));
  }
}
function collect(form) {
  const inputs = {};
  for (const node of form.querySelectorAll('[data-id]')) {
    const id = node.getAttribute('data-id');
    if (node.tagName === 'FIELDSET') {
      inputs[id] = [...node.querySelectorAll('input:checked')].map((i) => i.value).join(',');
    } else if (node.type === 'checkbox') {
      inputs[id] = node.checked ? node.getAttribute('data-on') : node.getAttribute('data-off');
    } else inputs[id] = node.value;
  }
  return inputs;
}
function renderCard(card, messageId) {
  const form = el('form', { class: 'card' });
  renderElements(card.body, form);
  const actions = el('div', { class: 'actions' });
  for (const a of card.actions || []) {
    if (a.type === 'Action.Submit') {
      const b = el('button', { type: 'button', class: 'submit' }, a.title || 'Submit');
      b.onclick = async () => {
        const inputs = { ...collect(form), ...(a.data && typeof a.data === 'object' ? a.data : {}) };
        const res = await fetch('/_webex/api/submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: me, messageId, inputs }) });
        note(await res.json());
      };
      actions.append(b);
    } else if (a.type === 'Action.OpenUrl') actions.append(el('a', { href: a.url, target: '_blank' }, a.title || a.url));
  }
  form.append(actions);
  return form;
}
function note(result) {
  if (result.error) $('status').textContent = 'error: ' + result.error;
  else if (!result.deliveries.length) $('status').textContent = 'no active webhook matched: the app has not registered one yet';
  else $('status').textContent = 'delivered: ' + result.deliveries.map((d) => d.ok ? d.status : 'failed ' + (d.status || d.error)).join(', ');
  refresh();
}
async function refresh() {
  const res = await fetch('/_webex/api/state?as=' + encodeURIComponent(me));
  const s = await res.json();
  if (!me && s.people.length) {
    const pick = $('person');
    for (const p of s.people) pick.append(el('option', { value: p.email }, p.displayName + ' <' + p.email + '>'));
    me = s.people[0].email;
    return refresh();
  }
  $('hooks').textContent = s.webhooks.length ? s.webhooks.map((w) => w.name + ' (' + w.resource + ':' + w.event + ', ' + w.status + ')').join(' · ') : 'no webhooks registered';
  const ids = s.messages.map((m) => m.id);
  const key = ids.join(',');
  if (key === lastShown) return;
  const list = $('messages');
  // Only append what is new, so a half-filled card keeps its values while replies arrive.
  let from = 0;
  if (lastShown && key.startsWith(lastShown + ',')) from = lastShown.split(',').length;
  else list.textContent = '';
  lastShown = key;
  for (const m of s.messages.slice(from)) {
    const box = el('div', { class: 'msg ' + (m.fromBot ? 'bot' : 'me'), 'data-id': m.id });
    box.append(el('div', { class: 'sender' }, m.sender));
    const body = el('div', { class: 'body' });
    if (m.markdown !== null) body.innerHTML = markdown(m.markdown);
    else body.textContent = m.text;
    box.append(body);
    for (const f of m.files) box.append(el('a', { class: 'file', href: '/_webex/api/file/' + encodeURIComponent(f.id) }, '📎 ' + f.filename));
    for (const c of m.cards) box.append(renderCard(c, m.id));
    list.append(box);
  }
  list.scrollTop = list.scrollHeight;
}
async function send() {
  const text = $('text').value;
  const picked = $('file').files[0];
  if (!text.trim() && !picked) return;
  let file;
  if (picked) {
    const bytes = new Uint8Array(await picked.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    file = { filename: picked.name, base64: btoa(bin), contentType: picked.type || undefined };
  }
  $('text').value = '';
  $('file').value = '';
  const res = await fetch('/_webex/api/say', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: me, text, file }) });
  note(await res.json());
}
$('person').onchange = () => { me = $('person').value; lastShown = ''; refresh(); };
$('send').onclick = send;
$('text').onkeydown = (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } };
refresh();
setInterval(refresh, 600);
`;
