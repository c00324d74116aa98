/**
 * The chat page's browser script. Plain ES2020 in a string (no build step, no framework); every piece
 * of message content reaches the DOM through textContent or a checked attribute, never innerHTML.
 * The script avoids backticks, dollar-brace and backslashes so it can sit in this template literal as is.
 */
import { CHAT_MARKUP } from './chat-page.html.ts';

const CHAT_SCRIPT = `
'use strict';
const $ = (id) => document.getElementById(id);
const S = { bots: [], users: [], channels: [], bot: '', user: '', room: '', shown: '' };
const HEX = /^#[0-9a-fA-F]{3,8}$/;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

async function api(path, init) {
  const res = await fetch('/_chat/api' + path, init);
  let body = {};
  try { body = await res.json(); } catch (e) { body = {}; }
  return { status: res.status, body: body };
}

function channel(id) { return S.channels.find((c) => c.channelId === id); }
function userName(id) { const u = S.users.find((x) => x.userId === id); return u ? u.name : id; }

async function loadState() {
  const r = await api('/state');
  S.bots = r.body.bots || []; S.users = r.body.users || []; S.channels = r.body.channels || [];
  if (!S.bot && S.bots[0]) S.bot = S.bots[0].botId;
  if (!S.user && S.users[0]) S.user = S.users[0].userId;
  const me = $('me'); me.replaceChildren();
  for (const u of S.users) { const o = el('option', '', u.name + ' (' + u.email + ')'); o.value = u.userId; me.append(o); }
  me.value = S.user;
  const bot = $('bot'); bot.replaceChildren();
  for (const b of S.bots) { const o = el('option', '', b.botId); o.value = b.botId; bot.append(o); }
  bot.value = S.bot; $('bot-field').hidden = S.bots.length < 2;
  const current = S.bots.find((b) => b.botId === S.bot);
  if (document.activeElement !== $('hook-url')) $('hook-url').value = (current && current.callbackUrl) || '';
  renderRooms();
}

function renderRooms() {
  const list = $('rooms'); list.replaceChildren();
  const rooms = [{ id: '', label: '1:1 with bot ' + S.bot }];
  for (const c of S.channels.filter((c) => c.botId === S.bot)) rooms.push({ id: c.channelId, label: '# ' + (c.title || c.channelId), c: c });
  for (const r of rooms) {
    const b = el('button', r.id === S.room ? 'active' : '', r.label);
    b.type = 'button'; b.dataset.room = r.id;
    if (r.c && S.user && r.c.members.indexOf(S.user) < 0) b.append(el('span', 'note', ' (not a member)'));
    b.addEventListener('click', () => { S.room = r.id; S.shown = ''; renderRooms(); refresh(); });
    const li = el('li');
    li.append(b);
    list.append(li);
  }
  const c = channel(S.room);
  $('title').textContent = c ? '# ' + (c.title || c.channelId) : '1:1 with bot ' + S.bot;
  $('title').append(el('span', 'sub', c ? c.members.length + ' members' : 'as ' + userName(S.user)));
  $('ev-begin').hidden = !!c; $('ev-join').hidden = !c; $('ev-leave').hidden = !c;
}

function setStatus(text, kind) { const s = $('status'); s.textContent = text; s.className = kind || ''; }

async function send(payload) {
  const body = Object.assign({ bot: S.bot, user: S.user }, S.room ? { channel: S.room } : {}, payload);
  setStatus('sending ' + body.type + '…');
  let r;
  try {
    r = await api('/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) { setStatus('the emulator did not answer: ' + e.message, 'bad'); return false; }
  const text = r.body.text || r.body.error || ('HTTP ' + r.status);
  setStatus(body.type + ': ' + text, r.body.delivered ? 'ok' : 'bad');
  refresh();
  return r.status !== 400;
}

function actionLabel(a) { return a.label || a.displayText || a.text || a.data || a.uri || a.type; }

function actionButton(a) {
  if (!a || typeof a !== 'object') return el('span');
  if (a.type === 'uri' && /^https?:/i.test(String(a.uri || ''))) {
    const link = el('a', 'action', actionLabel(a));
    link.href = a.uri; link.target = '_blank'; link.rel = 'noopener noreferrer';
    return link;
  }
  const b = el('button', 'action', actionLabel(a));
  b.type = 'button'; b.dataset.actionType = String(a.type);
  if (a.type === 'postback') {
    b.addEventListener('click', () => send({ type: 'postback', data: a.data, displayText: a.displayText }));
  } else if (a.type === 'message') {
    b.addEventListener('click', () => send({ type: 'message', text: a.text || a.label, postback: a.postback }));
  } else if (a.type === 'copy' && navigator.clipboard) {
    b.addEventListener('click', () => navigator.clipboard.writeText(String(a.copyText || '')));
  } else {
    b.setAttribute('aria-disabled', 'true'); b.title = a.type + ' is not available in the sandbox';
  }
  return b;
}

function actionList(actions, row) {
  const box = el('div', row ? 'actions row' : 'actions');
  for (const a of actions || []) box.append(actionButton(a));
  return box;
}

function media(what) { return el('span', 'media', '[' + what + ']'); }

function textOf(c) {
  if (Array.isArray(c.contents)) return c.contents.map((s) => (s && s.text) || '').join('');
  return c.text || '';
}

function flexComponent(c, depth) {
  if (!c || typeof c !== 'object' || depth > 20) return el('span');
  if (c.type === 'box') {
    const box = el('div', 'box ' + (c.layout || 'vertical'));
    for (const child of c.contents || []) box.append(flexComponent(child, depth + 1));
    if (c.backgroundColor && HEX.test(c.backgroundColor)) box.style.backgroundColor = c.backgroundColor;
    return box;
  }
  if (c.type === 'text' || c.type === 'span') {
    const t = el('div', 'ftext', textOf(c));
    if (c.color && HEX.test(c.color)) t.style.color = c.color;
    if (c.weight === 'bold') t.style.fontWeight = '700';
    return t;
  }
  if (c.type === 'button') return actionButton(c.action);
  if (c.type === 'separator') return el('hr');
  if (c.type === 'image' || c.type === 'icon') return media(c.type);
  return el('span');
}

function flexBubble(b) {
  const card = el('div', 'card flex-bubble');
  if (!b || typeof b !== 'object') return card;
  const styles = b.styles || {};
  for (const part of ['header', 'hero', 'body', 'footer']) {
    if (!b[part]) continue;
    const block = el('div', part === 'header' ? 'flex-header' : 'flex-block flex-' + part);
    block.append(flexComponent(b[part], 0));
    const bg = (styles[part] && styles[part].backgroundColor) || (part === 'header' && b[part].backgroundColor);
    if (bg && HEX.test(bg)) block.style.backgroundColor = bg;
    card.append(block);
  }
  return card;
}

function columnCard(col, withTitle) {
  const card = el('div', 'card');
  card.append(media('image'));
  if (withTitle) {
    const body = el('div', 'card-body');
    if (col.title) body.append(el('div', 'card-title', col.title));
    if (col.text) body.append(el('div', 'card-sub', col.text));
    card.append(body);
  }
  card.append(actionList(col.actions || (col.action ? [col.action] : []), false));
  return card;
}

function renderContent(c) {
  const wrap = el('div', 'content');
  if (c.type === 'text') {
    wrap.append(el('div', 'bubble-text', c.text));
  } else if (c.type === 'link') {
    const card = el('div', 'card');
    card.append(el('div', 'bubble-text', c.contentText));
    card.append(actionList([{ type: 'uri', label: c.linkText || c.link, uri: c.link }], false));
    wrap.append(card);
  } else if (c.type === 'button_template') {
    const card = el('div', 'card');
    card.append(el('div', 'bubble-text', c.contentText));
    card.append(actionList(c.actions, false));
    wrap.append(card);
  } else if (c.type === 'list_template') {
    const card = el('div', 'card');
    const cover = c.coverData || {};
    if (cover.title || cover.subtitle) {
      const head = el('div', 'card-body');
      head.append(el('div', 'card-title', cover.title || ''), el('div', 'card-sub', cover.subtitle || ''));
      card.append(head);
    }
    for (const item of c.elements || []) {
      const body = el('div', 'card-body');
      body.append(el('div', 'card-title', item.title || ''));
      if (item.subtitle) body.append(el('div', 'card-sub', item.subtitle));
      if (item.action) body.append(actionList([item.action], true));
      card.append(body);
    }
    for (const row of c.actions || []) card.append(actionList(Array.isArray(row) ? row : [row], false));
    wrap.append(card);
  } else if (c.type === 'carousel' || c.type === 'image_carousel') {
    const cols = el('div', 'columns');
    for (const col of c.columns || []) cols.append(columnCard(col || {}, c.type === 'carousel'));
    wrap.append(cols);
  } else if (c.type === 'flex') {
    wrap.append(el('div', 'alt', c.altText));
    const contents = c.contents || {};
    if (contents.type === 'carousel') {
      const cols = el('div', 'columns');
      for (const b of contents.contents || []) cols.append(flexBubble(b));
      wrap.append(cols);
    } else {
      wrap.append(flexBubble(contents));
    }
  } else if (['image', 'file', 'sticker', 'audio', 'video', 'location'].indexOf(c.type) >= 0) {
    wrap.append(media(c.type + (c.fileId ? ' ' + c.fileId : '')));
  } else {
    wrap.append(el('pre', 'json', JSON.stringify(c, null, 2)));
  }
  const quick = c.quickReply && Array.isArray(c.quickReply.items) ? c.quickReply.items : [];
  if (quick.length) wrap.append(actionList(quick.map((i) => i && i.action), true));
  return wrap;
}

const EVENT_WORDS = { begin: 'opened a 1:1 chat (begin)', join: 'added the bot (join)', leave: 'removed the bot (leave)' };

function renderItem(m) {
  if (m.from === 'bot') {
    const row = el('div', 'msg bot');
    row.dataset.id = m.id;
    row.append(el('div', 'who', 'Bot ' + S.bot), renderContent(m.content || {}));
    return row;
  }
  const mine = m.userId === S.user;
  const event = m.type !== 'message';
  const row = el('div', 'msg me' + (mine ? ' mine' : '') + (event ? ' event' : ''));
  row.dataset.id = m.id;
  row.append(el('div', 'who', m.name));
  let text = m.text;
  if (m.type === 'postback') text = (m.text ? m.text + '  ' : '') + '[postback ' + m.data + ']';
  else if (event) text = EVENT_WORDS[m.type] || m.type;
  row.append(el('div', 'bubble-text', text));
  const o = m.outcome;
  row.append(el('div', 'outcome' + (o ? (o.delivered ? ' ok' : ' bad') : ''), o ? o.text : 'sending…'));
  return row;
}

async function refresh() {
  if (!S.user && !S.room) return;
  const q = new URLSearchParams({ bot: S.bot, user: S.user });
  if (S.room) q.set('channel', S.room);
  const r = await api('/messages?' + q.toString());
  const messages = r.body.messages || [];
  const key = JSON.stringify(messages);
  if (key === S.shown) return;
  S.shown = key;
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  box.replaceChildren();
  if (!messages.length) box.append(el('div', 'empty', 'No messages yet. Type below: it goes to the bot as a signed callback.'));
  for (const m of messages) box.append(renderItem(m));
  if (atBottom || messages.length < 3) box.scrollTop = box.scrollHeight;
}

function live() {
  let poll = null;
  const mark = (on) => {
    $('live-dot').className = on ? 'dot on' : 'dot';
    $('live-text').textContent = on ? 'live' : 'reconnecting (polling every second)';
    if (on && poll) { clearInterval(poll); poll = null; }
    if (!on && !poll) poll = setInterval(refresh, 1000);
  };
  const source = new EventSource('/_chat/api/stream');
  source.onopen = () => mark(true);
  source.onerror = () => mark(false);
  // State is re-read too: channels and the callback URL can change while the page is open.
  source.addEventListener('change', () => { mark(true); loadState().then(refresh); });
}

$('me').addEventListener('change', () => { S.user = $('me').value; S.shown = ''; renderRooms(); refresh(); });
$('bot').addEventListener('change', () => { S.bot = $('bot').value; S.room = ''; S.shown = ''; loadState().then(refresh); });
$('ev-begin').addEventListener('click', () => send({ type: 'begin' }));
$('ev-join').addEventListener('click', () => send({ type: 'join' }));
$('ev-leave').addEventListener('click', () => send({ type: 'leave' }));
$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value;
  if (!text.trim()) return;
  $('text').value = '';
  if (!(await send({ type: 'message', text: text }))) $('text').value = text;
});
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('composer').requestSubmit(); }
});
$('hook-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const url = $('hook-url').value.trim();
  const r = await api('/callback-url', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bot: S.bot, url: url }) });
  setStatus(r.status === 200 ? (url ? 'callbacks now go to ' + url : 'callback URL cleared') : (r.body.error || 'HTTP ' + r.status), r.status === 200 ? 'ok' : 'bad');
  $('hook-url').blur();
  await loadState();
});

loadState().then(() => { refresh(); live(); }, (e) => setStatus('cannot load the emulator state: ' + e.message, 'bad'));
`;

/** The whole page, one self-contained document. */
export function chatPage(): string {
  return CHAT_MARKUP.replace('/*SCRIPT*/', () => CHAT_SCRIPT);
}
