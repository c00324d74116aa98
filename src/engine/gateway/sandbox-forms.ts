/**
 * The sandbox page's native forms: a payload of kind 'form' (a FormDelivery) renders as a real
 * HTML form that posts JSON to /sandbox/api/forms/<formId>, the same submit logic as the signed
 * page, with the app's per-field errors shown beside their fields. Injected into the page's head as
 * an inline script (the page's CSP allows only inline code), so the page stays one document.
 */

const STYLE = `<style>
  .form-card { margin-top: 4px; max-width: 560px; border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; background: #fff; padding: 12px 16px 14px; }
  .form-card h3 { margin: 0 0 4px; font-size: 15px; } .form-card .intro { color: var(--muted); margin: 0 0 10px; white-space: pre-wrap; }
  .form-card .f { margin: 0 0 10px; } .form-card .f > label, .form-card .f > .legend { display: block; font-weight: 600; font-size: 13px; margin-bottom: 3px; }
  .form-card .row { display: flex; gap: 10px; align-items: flex-start; flex-wrap: wrap; }
  .form-card .row > input, .form-card .row > textarea, .form-card .row > select { flex: 1 1 220px; min-width: 0; border: 1px solid #d1d5db; border-radius: 6px; padding: 6px 8px; }
  .form-card .f.invalid input, .form-card .f.invalid textarea, .form-card .f.invalid select { border-color: var(--error); background: #fef2f2; }
  .form-card .field-error { color: var(--error); font-size: 12px; font-weight: 600; padding-top: 7px; flex: 0 1 190px; }
  .form-card .hint { color: var(--muted); font-size: 12px; } .form-card .check { display: flex; gap: 6px; align-items: center; font-weight: 400; }
  .form-card .req { color: var(--error); margin-left: 2px; }
  .form-card button { background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: 6px 16px; font-weight: 600; cursor: pointer; }
  .form-card .form-notice { font-weight: 600; color: var(--success); } .form-card .form-notice.bad { color: var(--error); }
</style>`;

const SCRIPT = `<script>
'use strict';
// Form state survives re-rendering the message list (switching channels, new messages).
const sandboxForms = new Map();
function formEl(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function formInput(f, id) {
  const types = { number: 'number', date: 'date', month: 'month', time: 'time', secret: 'password' };
  let input;
  if (f.type === 'multiline') input = formEl('textarea');
  else if (f.type === 'select') {
    input = formEl('select');
    input.append(Object.assign(formEl('option', '', f.placeholder || '선택하세요'), { value: '' }));
    for (const c of f.choices || []) input.append(Object.assign(formEl('option', '', c.label), { value: c.value }));
  } else {
    input = formEl('input');
    input.type = types[f.type] || 'text';
    if (f.type === 'secret') input.autocomplete = 'off';
  }
  input.id = id;
  input.name = f.name;
  if (f.placeholder && f.type !== 'select') input.placeholder = f.placeholder;
  if (f.default !== undefined && f.type !== 'secret') input.value = String(f.default);
  return input;
}
function formField(f, formId) {
  const box = formEl('div', 'f');
  box.dataset.field = f.name;
  const id = 'sf-' + formId + '-' + f.name;
  const row = formEl('div', 'row');
  const req = () => (f.required ? formEl('span', 'req', '*') : '');
  if (f.type === 'checkbox' || f.type === 'multi-select') {
    if (f.type === 'multi-select') {
      const legend = formEl('span', 'legend', f.label);
      legend.append(req());
      box.append(legend);
    }
    const list = formEl('div');
    const options = f.type === 'checkbox' ? [{ value: 'on', label: f.label }] : f.choices || [];
    const picked = Array.isArray(f.default) ? f.default : f.default === true ? ['on'] : [];
    for (const c of options) {
      const label = formEl('label', 'check');
      const box2 = Object.assign(formEl('input'), { type: 'checkbox', name: f.name, value: c.value, checked: picked.includes(c.value) });
      label.append(box2, c.label);
      if (f.type === 'checkbox' && f.required) label.append(req());
      list.append(label);
    }
    row.append(list);
  } else {
    const label = formEl('label', '', f.label);
    label.htmlFor = id;
    label.append(req());
    box.append(label);
    row.append(formInput(f, id));
  }
  row.append(Object.assign(formEl('div', 'field-error'), { hidden: true }));
  box.append(row);
  if (f.hint) box.append(formEl('div', 'hint', f.hint));
  return box;
}
function formValues(form, fields) {
  const values = {};
  for (const f of fields) {
    if (f.type === 'checkbox') values[f.name] = form.querySelector('input[name="' + CSS.escape(f.name) + '"]').checked;
    else if (f.type === 'multi-select') values[f.name] = [...form.querySelectorAll('input[name="' + CSS.escape(f.name) + '"]:checked')].map((i) => i.value);
    else values[f.name] = form.elements.namedItem(f.name).value;
  }
  return values;
}
function showFormErrors(form, errors) {
  for (const box of form.querySelectorAll('.f')) {
    const message = errors[box.dataset.field];
    const slot = box.querySelector('.field-error');
    box.classList.toggle('invalid', Boolean(message));
    slot.textContent = message || '';
    slot.hidden = !message;
  }
}
function formNotice(card, text, bad) {
  card.querySelector('form')?.remove();
  card.append(formEl('div', 'form-notice' + (bad ? ' bad' : ''), text));
}
function renderSandboxForm(delivery) {
  const d = delivery || {};
  const spec = d.form || { title: '(form)', fields: [] };
  const card = formEl('div', 'form-card');
  card.dataset.formId = d.formId;
  card.append(formEl('h3', '', spec.title));
  if (spec.text) card.append(formEl('p', 'intro', spec.text));
  const known = sandboxForms.get(d.formId);
  if (known) { formNotice(card, known.text, known.bad); return card; }
  if (d.expiresAt && d.expiresAt < Date.now()) { formNotice(card, '만료된 양식입니다', true); return card; }
  const form = formEl('form');
  form.noValidate = true;
  for (const f of spec.fields || []) form.append(formField(f, d.formId));
  const submit = Object.assign(formEl('button', '', spec.submitLabel || '제출'), { type: 'submit' });
  form.append(submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const user = (document.getElementById('user')?.value || '').trim() || 'guest';
      const res = await fetch('/sandbox/api/forms/' + encodeURIComponent(d.formId), withToken({
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, values: formValues(form, spec.fields || []) }),
      }));
      const body = await res.json().catch(() => ({}));
      if (res.status === 422) return showFormErrors(form, body.errors || {});
      const done = res.ok ? { text: '제출되었습니다', bad: false } : { text: body.error || res.status + ' ' + res.statusText, bad: true };
      sandboxForms.set(d.formId, done);
      formNotice(card, done.text, done.bad);
    } catch (err) {
      formNotice(card, String(err.message || err), true);
    } finally {
      submit.disabled = false;
    }
  });
  card.append(form);
  return card;
}
</script>`;

/** The page with the form renderer added to its head. */
export function withSandboxForms(page: string): string {
  return page.replace('</head>', `${STYLE}${SCRIPT}</head>`);
}
