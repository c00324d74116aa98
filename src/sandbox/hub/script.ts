/**
 * The hub page's browser script, served as /hub.js: plain ES2020 in a string (no build step, no
 * framework). It polls the hub's JSON API and renders switches, notices, holidays, the Kakao file,
 * the HR site's records and what the bot posted; forms and buttons call the API. Everything shown
 * is escaped.
 */
export const HUB_SCRIPT = `
'use strict';
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const t = (ko, en) => '<span class="ko">' + esc(ko) + '</span><span class="en">' + esc(en) + '</span>';

function status(text) { $('status').textContent = text; }

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || res.status);
  return data;
}

async function act(what, path, body) {
  try {
    await api(path, body);
    status(what + ' ✓');
    await refresh();
  } catch (err) {
    status(what + ': ' + err.message);
  }
}

function renderSwitches(list) {
  $('switches').innerHTML = list.map((sw) =>
    '<div class="switch"><h3>' + esc(sw.name) + ' <button type="button" data-reboot="' + esc(sw.name) + '">' + t('재부팅', 'Reboot') + '</button></h3>' +
    sw.ports.map((p) =>
      '<span class="port">' + esc(p.name) + ' <b class="' + (p.up ? 'up' : 'down') + '" data-state="' + esc(sw.name + ' ' + p.name) + '">' +
      (p.up ? 'up' : 'down') + '</b> <button type="button" data-device="' + esc(sw.name) + '" data-port="' + esc(p.name) +
      '" data-up="' + (p.up ? 'false' : 'true') + '">' + (p.up ? t('내리기', 'Take down') : t('올리기', 'Bring up')) + '</button></span>'
    ).join('') + '</div>'
  ).join('');
}

function renderNotices(list) {
  $('notices').innerHTML = list.map((n) =>
    '<tr><td>' + esc(n.date) + '</td><td class="notice-title">' + esc(n.title) + '</td><td>' + esc(n.attachments.join(', ')) + '</td></tr>'
  ).join('');
}

function renderHolidays(list) {
  $('holidays').innerHTML = list.map((h) => '<tr><td>' + esc(h.date) + '</td><td>' + esc(h.name) + '</td></tr>').join('');
}

function renderKakao(file) {
  if (!file) {
    $('kakao').innerHTML = '<p>' + t('아직 파일이 없습니다. contact-sync를 실행하세요.', 'No file yet: run contact-sync.') + '</p>';
    return;
  }
  $('kakao').innerHTML = '<p id="kakao-name">' + esc(file.fileName) + ' (' + file.users.length + ')</p>' +
    '<table><thead><tr><th>id</th>' + file.fields.map((f) => '<th>' + esc(f) + '</th>').join('') + '</tr></thead><tbody id="kakao-rows">' +
    file.users.map((u) => '<tr><td>' + esc(u.id) + '</td>' + file.fields.map((f) => '<td>' + esc(u.values[f]) + '</td>').join('') + '</tr>').join('') +
    '</tbody></table>';
}

function renderHr(list) {
  $('hr-rows').innerHTML = list.length ? list.map((r) =>
    '<tr data-member="' + esc(r.memberId) + '" data-date="' + esc(r.date) + '"><td>' + esc(r.memberId) + '</td><td>' + esc(r.date) +
    '</td><td class="start">' + esc(r.start) + '</td><td class="end">' + esc(r.end) + '</td></tr>'
  ).join('') : '<tr class="empty"><td colspan="4">' + t('아직 기록이 없습니다.', 'Nothing stored yet.') + '</td></tr>';
}

function renderPosted(list) {
  $('posted').innerHTML = list.map((m) =>
    '<tr data-messenger="' + esc(m.messenger) + '"><td>' + esc(new Date(m.at).toLocaleTimeString()) + '</td><td>' + esc(m.messenger) +
    '</td><td>' + esc(m.to) + '</td><td class="msg">' + esc(m.text) + '</td></tr>'
  ).join('');
}

let busy = false;
async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const state = await api('/api/state');
    renderSwitches(state.switches);
    renderNotices(state.notices);
    renderHolidays(state.holidays);
    renderKakao(state.kakao);
    renderHr(state.hr);
    renderPosted((await api('/api/posted')).posted);
  } catch (err) {
    status(err.message);
  } finally {
    busy = false;
  }
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('button');
  if (!b) return;
  if (b.dataset.reboot) act('reboot ' + b.dataset.reboot, '/api/switch/reboot', { device: b.dataset.reboot });
  else if (b.dataset.device) {
    const up = b.dataset.up === 'true';
    act(b.dataset.device + ' ' + b.dataset.port + (up ? ' up' : ' down'), '/api/switch/port', { device: b.dataset.device, port: b.dataset.port, up });
  } else if (b.id === 'lang') {
    const en = document.body.classList.toggle('lang-en');
    document.body.classList.toggle('lang-ko', !en);
    document.documentElement.lang = en ? 'en' : 'ko';
    b.textContent = en ? '한국어' : 'English';
  }
});

$('notice-form').addEventListener('submit', (e) => {
  e.preventDefault();
  act('notice', '/api/notices', { title: $('notice-title').value, attachment: $('notice-attachment').value });
});
$('fep-form').addEventListener('submit', (e) => {
  e.preventDefault();
  act('FEP', '/api/fep', { type: $('fep-type').value, text: $('fep-text').value });
});
$('holiday-form').addEventListener('submit', (e) => {
  e.preventDefault();
  act('holiday', '/api/holidays', { date: $('holiday-date').value, name: $('holiday-name').value });
});

$('holiday-date').value = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
refresh();
setInterval(refresh, 1000);
`;
