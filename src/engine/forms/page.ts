import {
  DEFAULT_SUBMIT_LABEL,
  type FormErrors,
  type FormField,
  type FormValues,
  type PortableForm,
} from '../../contracts/forms.ts';

/**
 * The signed form page (/forms/<token>) as server-rendered HTML: no script at all, every piece of
 * app or person text escaped, and a CSP that only lets the form post back to this origin.
 */

export const FORM_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f3f4f6; color: #111827; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif; }
  main { max-width: 560px; margin: 32px auto; background: #fff; border-radius: 12px; padding: 24px 28px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 6px; } .intro { color: #4b5563; margin: 0 0 18px; white-space: pre-wrap; }
  .field { margin: 0 0 16px; } .field > label, .field > legend { display: block; font-weight: 600; margin-bottom: 4px; }
  .req { color: #dc2626; margin-left: 2px; }
  .row { display: flex; align-items: flex-start; gap: 10px; flex-wrap: wrap; }
  .row > input, .row > textarea, .row > select { flex: 1 1 240px; min-width: 0; }
  input[type=text], input[type=number], input[type=date], input[type=month], input[type=time], input[type=password], textarea, select {
    width: 100%; border: 1px solid #d1d5db; border-radius: 8px; padding: 8px 10px; font: inherit; background: #fff; }
  textarea { min-height: 96px; } fieldset { border: 0; padding: 0; margin: 0 0 16px; }
  .invalid input, .invalid textarea, .invalid select { border-color: #dc2626; background: #fef2f2; }
  .error { color: #dc2626; font-size: 13px; font-weight: 600; flex: 0 1 200px; padding-top: 8px; margin: 0; }
  .hint { color: #6b7280; font-size: 13px; margin: 4px 0 0; } .check { font-weight: 400; display: flex; gap: 8px; align-items: center; }
  button { background: #4f46e5; color: #fff; border: 0; border-radius: 8px; padding: 10px 22px; font: inherit; font-weight: 600; cursor: pointer; }
  .notice { text-align: center; padding: 16px 0; } .notice p { color: #4b5563; }`;

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** A page with one message: done, expired, already used, not found. */
export function renderNoticePage(title: string, text: string): string {
  return shell(title, `<div class="notice"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></div>`);
}

function input(field: FormField, value: FormValues[string], describedBy: string): string {
  const common = `id="f-${escapeHtml(field.name)}" name="${escapeHtml(field.name)}"${field.required ? ' required' : ''}${describedBy}`;
  const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
  const text = value === undefined || Array.isArray(value) ? '' : String(value);
  switch (field.type) {
    case 'multiline':
      return `<textarea ${common}${placeholder}>${escapeHtml(text)}</textarea>`;
    case 'select': {
      const blank = `<option value="">${escapeHtml(field.placeholder ?? '선택하세요')}</option>`;
      const options = (field.choices ?? []).map(
        (c) =>
          `<option value="${escapeHtml(c.value)}"${c.value === text ? ' selected' : ''}>${escapeHtml(c.label)}</option>`,
      );
      return `<select ${common}>${blank}${options.join('')}</select>`;
    }
    case 'secret':
      // Never echoed back, not even after a failed check: the person types it again.
      return `<input type="password" autocomplete="off" ${common}${placeholder}>`;
    case 'number':
      return `<input type="number" step="any" ${common}${placeholder} value="${escapeHtml(text)}">`;
    case 'date':
    case 'month':
    case 'time':
      return `<input type="${field.type}" ${common}${placeholder} value="${escapeHtml(text)}">`;
    default:
      return `<input type="text" ${common}${placeholder} value="${escapeHtml(text)}">`;
  }
}

function fieldHtml(field: FormField, value: FormValues[string], error: string | undefined): string {
  const name = escapeHtml(field.name);
  const errId = `e-${name}`;
  const describedBy = error ? ` aria-invalid="true" aria-describedby="${errId}"` : '';
  const errorHtml = error ? `<p class="error" id="${errId}" role="alert">${escapeHtml(error)}</p>` : '';
  const hint = field.hint ? `<p class="hint">${escapeHtml(field.hint)}</p>` : '';
  const req = field.required ? '<span class="req" aria-hidden="true">*</span>' : '';
  const cls = `field${error ? ' invalid' : ''}`;
  if (field.type === 'checkbox') {
    const checked = value === true ? ' checked' : '';
    return `<div class="${cls}" data-field="${name}"><div class="row"><label class="check"><input type="checkbox" id="f-${name}" name="${name}" value="on"${checked}${describedBy}> ${escapeHtml(field.label)}${req}</label>${errorHtml}</div>${hint}</div>`;
  }
  if (field.type === 'multi-select') {
    const picked = new Set(Array.isArray(value) ? value : []);
    const boxes = (field.choices ?? []).map(
      (c) =>
        `<label class="check"><input type="checkbox" name="${name}" value="${escapeHtml(c.value)}"${picked.has(c.value) ? ' checked' : ''}> ${escapeHtml(c.label)}</label>`,
    );
    return `<fieldset class="${cls}" data-field="${name}"><legend>${escapeHtml(field.label)}${req}</legend><div class="row"><div>${boxes.join('')}</div>${errorHtml}</div>${hint}</fieldset>`;
  }
  return `<div class="${cls}" data-field="${name}"><label for="f-${name}">${escapeHtml(field.label)}${req}</label><div class="row">${input(field, value, describedBy)}${errorHtml}</div>${hint}</div>`;
}

/** The form itself; `values` are what to show in the inputs (defaults, or the last attempt without secrets). */
export function renderFormPage(
  form: PortableForm,
  state: { values?: FormValues; errors?: FormErrors } = {},
): string {
  const values = state.values ?? Object.fromEntries(form.fields.map((f) => [f.name, f.default]));
  const errors = state.errors ?? {};
  const fields = form.fields.map((f) => fieldHtml(f, values[f.name], errors[f.name])).join('');
  const intro = form.text ? `<p class="intro">${escapeHtml(form.text)}</p>` : '';
  // No action attribute: the form posts back to its own URL, the signed token included.
  const body = `<h1>${escapeHtml(form.title)}</h1>${intro}<form method="post" novalidate>${fields}<button type="submit">${escapeHtml(form.submitLabel ?? DEFAULT_SUBMIT_LABEL)}</button></form>`;
  return shell(form.title, body);
}
