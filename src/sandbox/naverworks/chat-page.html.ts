/** Markup and style of the emulator's chat page; the script lives in chat-page.ts. */

export const CHAT_MARKUP = `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NAVER WORKS sandbox chat</title>
<style>
  :root { --green: #00a94f; --green-soft: #e6f7ee; --text: #1f2328; --muted: #6b7280; --line: #e5e7eb;
    --bg: #f4f6f8; --bad: #c62828; --bad-soft: #fdecea; --side: #ffffff; }
  * { box-sizing: border-box; } html, body { height: 100%; margin: 0; } [hidden] { display: none !important; }
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif; color: var(--text); background: var(--bg); }
  button, input, textarea, select { font: inherit; }
  .app { display: grid; grid-template-columns: 270px 1fr; height: 100vh; }
  aside { background: var(--side); border-right: 1px solid var(--line); display: flex; flex-direction: column; min-height: 0; }
  .brand { padding: 14px 16px; font-weight: 700; font-size: 16px; border-bottom: 1px solid var(--line); }
  .brand small { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
  .brand b { color: var(--green); }
  label.field { display: block; padding: 10px 16px 0; font-size: 12px; color: var(--muted); }
  label.field select, label.field input { display: block; width: 100%; margin-top: 3px; padding: 5px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; color: var(--text); }
  nav { flex: 1; overflow-y: auto; padding: 8px 0; }
  nav h2 { margin: 12px 16px 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
  nav ul { list-style: none; margin: 0; padding: 0; }
  nav button { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 6px 16px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  nav button:hover { background: #f3f4f6; }
  nav button.active { background: var(--green-soft); color: #006b32; font-weight: 600; }
  nav .note { color: var(--muted); font-size: 12px; font-weight: 400; }
  .hook { padding: 10px 16px 14px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
  .hook form { display: flex; gap: 6px; margin-top: 4px; }
  .hook input { flex: 1; min-width: 0; padding: 4px 6px; border: 1px solid #d0d7de; border-radius: 6px; font-size: 12px; }
  .hook button { border: 1px solid #d0d7de; background: #fff; border-radius: 6px; padding: 0 8px; cursor: pointer; }
  .live { display: flex; align-items: center; gap: 6px; margin-top: 8px; }
  .dot { width: 8px; height: 8px; border-radius: 50%; background: #9ca3af; } .dot.on { background: #22c55e; }
  main { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
  .top { display: flex; align-items: center; gap: 10px; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  .top h1 { margin: 0; font-size: 16px; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .top .sub { color: var(--muted); font-size: 12px; font-weight: 400; margin-left: 6px; }
  .top button { border: 1px solid #d0d7de; background: #fff; border-radius: 14px; padding: 2px 10px; font-size: 12px; cursor: pointer; }
  .top button:hover { border-color: var(--green); color: var(--green); }
  #messages { flex: 1; overflow-y: auto; padding: 16px 20px; }
  .empty { margin: 40px auto; max-width: 420px; text-align: center; color: var(--muted); }
  .msg { display: flex; flex-direction: column; align-items: flex-start; margin: 0 0 12px; }
  .msg.mine { align-items: flex-end; }
  .who { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
  .bubble-text { background: #fff; border: 1px solid var(--line); border-radius: 4px 14px 14px 14px; padding: 7px 12px; max-width: 70ch; white-space: pre-wrap; overflow-wrap: anywhere; }
  .msg.mine .bubble-text { background: var(--green); color: #fff; border-color: var(--green); border-radius: 14px 4px 14px 14px; }
  .msg.event .bubble-text { background: transparent; border: 1px dashed #c7ccd1; color: var(--muted); font-style: italic; }
  .msg.mine.event .bubble-text { color: var(--muted); }
  .outcome { font-size: 11px; margin-top: 2px; color: var(--muted); } .outcome.ok { color: #0a7a3b; } .outcome.bad { color: var(--bad); font-weight: 600; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; max-width: 420px; min-width: 220px; overflow: hidden; }
  .card > .bubble-text { border: 0; border-radius: 0; }
  .card-body { padding: 8px 12px; } .card-body + .card-body { border-top: 1px solid var(--line); }
  .card-title { font-weight: 700; } .card-sub { color: var(--muted); font-size: 13px; }
  .actions { display: flex; flex-direction: column; border-top: 1px solid var(--line); }
  .actions.row { flex-direction: row; flex-wrap: wrap; border-top: 0; gap: 6px; padding: 6px 0 0; }
  .action { all: unset; box-sizing: border-box; text-align: center; padding: 8px 12px; color: #0b6bcb; cursor: pointer; border-top: 1px solid var(--line); }
  .actions .action:first-child { border-top: 0; }
  .actions.row .action { border: 1px solid #c9d6e3; border-radius: 14px; padding: 3px 12px; background: #fff; }
  .action:hover { background: #f0f6fc; } .action[aria-disabled="true"] { color: var(--muted); cursor: default; }
  .columns { display: flex; gap: 8px; overflow-x: auto; max-width: 100%; padding-bottom: 4px; }
  .columns .card { flex: 0 0 220px; min-width: 0; }
  .media { display: block; background: #eef1f4; color: var(--muted); text-align: center; font-size: 12px; padding: 14px 6px; }
  .alt { font-size: 12px; color: var(--muted); margin-bottom: 3px; }
  .flex-header { padding: 10px 12px; } .flex-block { padding: 8px 12px; } .flex-block + .flex-block { border-top: 1px solid var(--line); }
  .box { display: flex; flex-direction: column; gap: 4px; } .box.horizontal, .box.baseline { flex-direction: row; gap: 8px; }
  .box.horizontal > *, .box.baseline > * { flex: 1; min-width: 0; }
  .ftext { white-space: pre-wrap; overflow-wrap: anywhere; }
  .flex-block .action { border: 1px solid #c9d6e3; border-radius: 6px; }
  pre.json { margin: 0; max-width: 640px; overflow-x: auto; background: #0f172a; color: #e2e8f0; border-radius: 8px; padding: 8px 10px; font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
  #status { padding: 4px 20px; font-size: 12px; min-height: 22px; color: var(--muted); }
  #status.bad { color: var(--bad); background: var(--bad-soft); } #status.ok { color: #0a7a3b; }
  form.composer { display: flex; gap: 8px; padding: 10px 20px 16px; background: #fff; border-top: 1px solid var(--line); }
  form.composer textarea { flex: 1; resize: none; min-height: 40px; max-height: 160px; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; }
  form.composer button { background: var(--green); color: #fff; border: 0; border-radius: 8px; padding: 0 18px; font-weight: 600; cursor: pointer; }
  @media (max-width: 720px) { .app { grid-template-columns: 1fr; } aside { display: none; } }
</style>
</head>
<body>
<div class="app">
  <aside>
    <div class="brand"><b>NAVER WORKS</b> sandbox<small>You are a WORKS user talking to your bot</small></div>
    <label class="field">You are<select id="me"></select></label>
    <label class="field" id="bot-field" hidden>Bot<select id="bot"></select></label>
    <nav aria-label="Conversations"><h2>Talk</h2><ul id="rooms"></ul></nav>
    <div class="hook">
      Callback URL (where messages go)
      <form id="hook-form"><input id="hook-url" placeholder="http://127.0.0.1:8080/hooks/works" autocomplete="off" aria-label="Callback URL"><button type="submit">Set</button></form>
      <div class="live"><span class="dot" id="live-dot"></span><span id="live-text">connecting…</span></div>
    </div>
  </aside>
  <main>
    <header class="top">
      <h1 id="title">…</h1>
      <button type="button" id="ev-begin" title="Send a begin event (1:1 room opened)">begin</button>
      <button type="button" id="ev-join" title="Send a join event (bot added to the channel)">join</button>
      <button type="button" id="ev-leave" title="Send a leave event (bot removed from the channel)">leave</button>
    </header>
    <div id="messages" role="log" aria-live="polite"></div>
    <div id="status" role="status"></div>
    <form class="composer" id="composer">
      <textarea id="text" rows="1" placeholder="Type a message (Enter sends, Shift+Enter for a new line)" aria-label="Message"></textarea>
      <button type="submit" id="send">Send</button>
    </form>
  </main>
</div>
<script>
/*SCRIPT*/
</script>
</body>
</html>
`;
