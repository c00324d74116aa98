/**
 * The workspace page's browser script: plain ES2020 in a string, no build step. Content reaches the
 * DOM through textContent only. The script avoids backticks, dollar-brace and backslashes so it can
 * sit in this template literal as is. It polls the state (simple, and robust to emulator restarts).
 */
import { PAGE_MARKUP } from './page-html.ts';

const PAGE_SCRIPT = `
'use strict';
const $ = (id) => document.getElementById(id);
const S = { me: '', channel: '', data: null, shown: '', viewKey: '' };
const COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };
const HEX = /^#[0-9a-fA-F]{3,8}$/;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function setStatus(text, bad) { const s = $('status'); s.textContent = text; s.className = bad ? 'bad' : ''; }

async function post(name, body) {
  const res = await fetch('/_slack/api/' + name, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.assign({ user: S.me }, body)) });
  const out = await res.json().catch(() => ({}));
  const bad = res.status !== 200 || out.error || (out.status && out.status !== 200);
  setStatus(name + ': ' + (out.error || ('app answered ' + out.status)) + (out.outcome ? ' (' + out.outcome.action + (out.outcome.reason ? ': ' + out.outcome.reason : '') + ')' : ''), bad);
  await load();
  return out;
}

function userName(id) {
  const u = (S.data ? S.data.users : []).find((x) => x.id === id);
  if (u) return u.realName || u.name;
  return S.data && id === S.data.botUserId ? 'opsbot (APP)' : id;
}

function textOf(t) { return t && typeof t === 'object' ? String(t.text || '') : String(t || ''); }

function button(b, onClick) {
  const x = el('button', 'bk' + (b.style ? ' ' + b.style : ''), textOf(b.text));
  x.type = 'button';
  x.dataset.action = b.action_id || '';
  x.addEventListener('click', onClick);
  return x;
}

function renderBlock(b, where) {
  const box = el('div', 'block ' + (b.type || ''));
  if (b.type === 'section') {
    if (b.text) box.append(el('div', 'text', textOf(b.text)));
    if (Array.isArray(b.fields)) { const f = el('div', 'fields'); for (const x of b.fields) f.append(el('div', 'text', textOf(x))); box.append(f); }
    if (b.accessory && b.accessory.type === 'button') box.append(button(b.accessory, () => where.act(b, b.accessory)));
  } else if (b.type === 'header') { box.textContent = textOf(b.text); }
  else if (b.type === 'context') { box.textContent = (b.elements || []).map((e) => e.type === 'image' ? '[image]' : textOf(e)).join('  '); }
  else if (b.type === 'divider') { box.append(el('hr')); }
  else if (b.type === 'actions') { for (const e of b.elements || []) { if (e.type === 'button') box.append(button(e, () => where.act(b, e))); else box.append(el('span', 'hint', '[' + e.type + ']')); } }
  else if (b.type === 'image') { box.textContent = '[image ' + (b.alt_text || '') + ']'; }
  else if (b.type === 'rich_text') { box.textContent = JSON.stringify(b.elements || []).slice(0, 200); }
  else { box.textContent = '[' + b.type + ']'; }
  return box;
}

function renderAttachment(a) {
  const box = el('div', 'attachment');
  const color = COLORS[a.color] || a.color;
  if (color && HEX.test(color)) box.style.borderLeftColor = color;
  if (a.pretext) box.append(el('div', 'text', a.pretext));
  if (a.title) box.append(el('div', 'title', a.title));
  if (a.text) box.append(el('div', 'text', a.text));
  for (const f of a.fields || []) box.append(el('div', 'text', (f.title ? f.title + ': ' : '') + (f.value || '')));
  for (const b of a.blocks || []) box.append(renderBlock(b, { act: () => {} }));
  if (a.footer) box.append(el('div', 'block context', a.footer));
  return box;
}

function renderMessage(m) {
  const row = el('div', 'msg' + (m.ephemeral ? ' ephemeral' : ''));
  row.dataset.ts = m.ts;
  const who = el('div', 'who', userName(m.author));
  who.append(el('small', '', (m.ephemeral ? 'Only visible to you · ' : '') + m.via + (m.edited ? ' · edited' : '')));
  row.append(who);
  if (m.text && !(m.blocks && m.blocks.length)) row.append(el('div', 'text', m.text));
  const where = { act: (b, e) => post('action', { actionId: e.action_id, blockId: b.block_id, value: e.value, channel: m.channel, messageTs: m.ts }) };
  for (const b of m.blocks || []) row.append(renderBlock(b, where));
  for (const a of m.attachments || []) row.append(renderAttachment(a));
  for (const id of m.files || []) { const f = (S.data.files || []).find((x) => x.id === id); row.append(el('div', 'file', '📎 ' + (f ? (f.title || f.filename) + ' (' + f.size + ' bytes)' : id))); }
  return row;
}

function navButton(list, id, label, note) {
  const b = el('button', id === S.channel ? 'active' : '', label);
  b.type = 'button'; b.dataset.channel = id;
  if (note) b.append(el('span', 'note', ' ' + note));
  b.addEventListener('click', () => { S.channel = id; S.shown = ''; render(); });
  const li = el('li'); li.append(b); list.append(li);
}

function renderNav() {
  const d = S.data;
  const me = $('me');
  if (me.options.length !== d.users.length) {
    me.replaceChildren();
    for (const u of d.users) { const o = el('option', '', (u.realName || u.name) + ' (' + u.id + ')'); o.value = u.id; me.append(o); }
    me.value = S.me;
  }
  const ch = $('channels'); ch.replaceChildren();
  for (const c of d.channels) navButton(ch, c.id, '# ' + c.name, c.botMember === false ? '(app not in channel)' : '');
  const dms = $('dms'); dms.replaceChildren();
  if (d.dms[S.me]) navButton(dms, d.dms[S.me], 'opsbot (APP)', '');
  const c = d.channels.find((x) => x.id === S.channel);
  $('title').textContent = c ? '# ' + c.name : 'opsbot (DM)';
  if (document.activeElement !== $('hook-url')) $('hook-url').value = d.requestUrl;
  const menu = $('shortcut-menu'); menu.replaceChildren();
  for (const s of d.shortcuts.filter((x) => x.type === 'global')) {
    const b = el('button', '', s.name); b.type = 'button';
    b.addEventListener('click', () => { menu.hidden = true; post('shortcut', { callbackId: s.callbackId }); });
    const li = el('li'); li.append(b); menu.append(li);
  }
}

function renderMessages() {
  const list = S.data.messages.filter((m) => m.channel === S.channel);
  const key = JSON.stringify(list) + S.me;
  if (key === S.shown) return;
  S.shown = key;
  const box = $('messages'); box.replaceChildren();
  if (!list.length) box.append(el('div', 'empty', 'No messages yet. Type /attendance me below to run the command.'));
  for (const m of list) box.append(renderMessage(m));
  box.scrollTop = box.scrollHeight;
}

function optionList(e) {
  const direct = e.options || [];
  const grouped = (e.option_groups || []).flatMap((g) => g.options || []);
  return direct.concat(grouped);
}

function inputElement(e, blockId) {
  const t = e.type;
  let input;
  if (t === 'plain_text_input' && e.multiline) input = el('textarea');
  else if (t === 'static_select' || t === 'multi_static_select' || t === 'users_select' || t === 'conversations_select' || t === 'channels_select') {
    input = el('select');
    if (t === 'multi_static_select') input.multiple = true; else input.append(el('option', '', '—'));
    const opts = t === 'users_select' ? S.data.users.map((u) => ({ value: u.id, text: { text: u.realName || u.name } }))
      : t === 'static_select' || t === 'multi_static_select' ? optionList(e)
      : S.data.channels.map((c) => ({ value: c.id, text: { text: '#' + c.name } }));
    for (const o of opts) { const x = el('option', '', textOf(o.text)); x.value = o.value; input.append(x); }
    if (t !== 'multi_static_select') input.options[0].value = '';
  } else if (t === 'checkboxes' || t === 'radio_buttons') {
    input = el('div', 'choices');
    for (const o of e.options || []) {
      const l = el('label'); const c = el('input'); c.type = t === 'checkboxes' ? 'checkbox' : 'radio'; c.name = blockId; c.value = o.value;
      l.append(c, document.createTextNode(' ' + textOf(o.text))); input.append(l, el('br'));
    }
  } else {
    input = el('input');
    input.type = t === 'datepicker' ? 'date' : t === 'timepicker' ? 'time' : t === 'number_input' ? 'number' : 'text';
    if (e.initial_value) input.value = e.initial_value;
    if (e.initial_date) input.value = e.initial_date;
  }
  if (e.placeholder) input.setAttribute('placeholder', textOf(e.placeholder));
  input.dataset.input = e.type;
  input.setAttribute('aria-label', blockId);
  return input;
}

function readInput(box) {
  const input = box.querySelector('[data-input]');
  const t = input.dataset.input;
  if (t === 'checkboxes') return Array.from(input.querySelectorAll('input:checked')).map((c) => c.value);
  if (t === 'radio_buttons') { const c = input.querySelector('input:checked'); return c ? c.value : null; }
  if (t === 'multi_static_select') return Array.from(input.selectedOptions).map((o) => o.value);
  return input.value === '' ? null : input.value;
}

function renderModal() {
  const v = S.data.view;
  $('modal').hidden = !v;
  if (!v) { S.viewKey = ''; return; }
  const key = v.id + v.hash;
  if (key !== S.viewKey) {
    S.viewKey = key;
    $('modal-title').textContent = textOf(v.title);
    $('modal-submit').textContent = v.submit ? textOf(v.submit) : 'Submit';
    $('modal-submit').hidden = !v.submit;
    $('modal-cancel').textContent = v.close ? textOf(v.close) : 'Cancel';
    const body = $('modal-body'); body.replaceChildren();
    const where = { act: (b, e) => post('action', { actionId: e.action_id, blockId: b.block_id, value: e.value, viewId: v.id }) };
    for (const b of v.blocks || []) {
      if (b.type !== 'input') { body.append(renderBlock(b, where)); continue; }
      const box = el('div', 'input'); box.dataset.block = b.block_id; box.dataset.action = b.element.action_id;
      box.append(el('label', '', textOf(b.label)), inputElement(b.element, b.block_id));
      if (b.hint) box.append(el('div', 'hint', textOf(b.hint)));
      box.append(el('div', 'error'));
      body.append(box);
    }
  }
  for (const box of $('modal-body').querySelectorAll('.input')) {
    const msg = (v.errors || {})[box.dataset.block] || '';
    box.querySelector('.error').textContent = msg;
    box.classList.toggle('has-error', !!msg);
  }
}

function render() {
  if (!S.data) return;
  renderNav(); renderMessages(); renderModal();
}

async function load() {
  const res = await fetch('/_slack/api/state?user=' + encodeURIComponent(S.me));
  S.data = await res.json();
  if (!S.me && S.data.users[0]) { S.me = S.data.users[0].id; return load(); }
  if (!S.channel) S.channel = (S.data.channels.find((c) => c.botMember !== false) || S.data.channels[0]).id;
  render();
}

$('me').addEventListener('change', () => { S.me = $('me').value; S.shown = ''; S.viewKey = ''; load(); });
$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  if (text.charAt(0) === '/') await post('command', { line: text, channel: S.channel });
  else await post('message', { text: text, channel: S.channel });
});
$('shortcut-button').addEventListener('click', () => { $('shortcut-menu').hidden = !$('shortcut-menu').hidden; });
$('hook-form').addEventListener('submit', async (e) => { e.preventDefault(); await post('request-url', { url: $('hook-url').value.trim() }); $('hook-url').blur(); });
$('modal-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const values = {};
  for (const box of $('modal-body').querySelectorAll('.input')) { values[box.dataset.block] = {}; values[box.dataset.block][box.dataset.action] = readInput(box); }
  await post('submit', { viewId: S.data.view.id, values: values });
});
$('modal-cancel').addEventListener('click', () => post('close', { viewId: S.data.view.id }));

load().then(() => setInterval(load, 700), (e) => setStatus('cannot load the emulator state: ' + e.message, true));
`;

/** The whole page, one self-contained document. */
export function workspacePage(): string {
  return PAGE_MARKUP.replace('/*SCRIPT*/', () => PAGE_SCRIPT);
}
