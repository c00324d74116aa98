/** Markup and style of the Slack workspace page; the script lives in page-script.ts. */

export const PAGE_MARKUP = `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Slack sandbox workspace</title>
<style>
  :root { --aubergine: #3f0e40; --side-text: #e8dce8; --line: #e5e7eb; --muted: #6b7280; --bad: #c62828; --link: #1264a3; }
  * { box-sizing: border-box; } html, body { height: 100%; margin: 0; } [hidden] { display: none !important; }
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif; color: #1d1c1d; }
  button, input, select, textarea { font: inherit; }
  .app { display: grid; grid-template-columns: 250px 1fr; height: 100vh; }
  aside { background: var(--aubergine); color: var(--side-text); display: flex; flex-direction: column; min-height: 0; }
  .brand { padding: 14px 16px; font-weight: 700; font-size: 16px; border-bottom: 1px solid #5d2c5d; }
  .brand small { display: block; font-weight: 400; font-size: 12px; opacity: .8; }
  aside label { display: block; padding: 10px 16px 0; font-size: 12px; }
  aside select, aside input { display: block; width: 100%; margin-top: 3px; padding: 4px 6px; border-radius: 4px; border: 0; }
  nav { flex: 1; overflow-y: auto; padding: 6px 0; }
  nav h2 { margin: 12px 16px 4px; font-size: 12px; font-weight: 600; opacity: .8; }
  nav ul { list-style: none; margin: 0; padding: 0; }
  nav button { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 4px 16px; cursor: pointer; }
  nav button:hover { background: #350d36; } nav button.active { background: #1164a3; color: #fff; }
  nav .note { font-size: 11px; opacity: .7; }
  .hook { padding: 10px 16px 14px; border-top: 1px solid #5d2c5d; font-size: 12px; }
  .hook form { display: flex; gap: 4px; } .hook input { flex: 1; margin: 0; }
  .hook button { border: 0; border-radius: 4px; padding: 0 8px; cursor: pointer; }
  main { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
  .top { display: flex; align-items: center; gap: 10px; padding: 10px 20px; border-bottom: 1px solid var(--line); }
  .top h1 { margin: 0; font-size: 17px; flex: 1; }
  .menu { position: relative; }
  .menu > button { border: 1px solid #ccc; background: #fff; border-radius: 4px; padding: 3px 10px; cursor: pointer; }
  .menu ul { position: absolute; right: 0; top: 110%; list-style: none; margin: 0; padding: 4px 0; background: #fff; border: 1px solid #ccc; border-radius: 6px; min-width: 220px; box-shadow: 0 4px 12px rgba(0,0,0,.15); z-index: 5; }
  .menu li button { all: unset; display: block; width: 100%; box-sizing: border-box; padding: 6px 12px; cursor: pointer; }
  .menu li button:hover { background: #1164a3; color: #fff; }
  #messages { flex: 1; overflow-y: auto; padding: 12px 20px; }
  .empty { color: var(--muted); text-align: center; margin-top: 40px; }
  .msg { padding: 6px 0; border-bottom: 1px solid #f3f3f3; }
  .msg .who { font-weight: 700; } .msg .who small { font-weight: 400; color: var(--muted); margin-left: 6px; }
  .msg.ephemeral { background: #f8f8f8; padding-left: 8px; border-left: 3px solid #bbb; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .block { margin: 4px 0; } .block.header { font-weight: 700; font-size: 16px; }
  .block.context { color: var(--muted); font-size: 12px; } .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
  .attachment { border-left: 4px solid #ddd; padding: 2px 10px; margin: 4px 0; }
  .attachment .title { font-weight: 700; }
  button.bk { border: 1px solid #ccc; background: #fff; border-radius: 4px; padding: 2px 10px; margin: 2px 4px 2px 0; cursor: pointer; }
  button.bk.primary { background: #007a5a; color: #fff; border-color: #007a5a; } button.bk.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
  .file { display: inline-block; border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; margin-top: 4px; }
  #status { padding: 4px 20px; font-size: 12px; min-height: 22px; color: var(--muted); } #status.bad { color: var(--bad); }
  form.composer { display: flex; gap: 8px; padding: 10px 20px 16px; }
  form.composer input { flex: 1; border: 1px solid #bbb; border-radius: 6px; padding: 8px 10px; }
  form.composer button { background: #007a5a; color: #fff; border: 0; border-radius: 6px; padding: 0 16px; cursor: pointer; }
  .overlay { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: center; justify-content: center; z-index: 10; }
  .modal { background: #fff; border-radius: 8px; width: 520px; max-height: 90vh; display: flex; flex-direction: column; }
  .modal h2 { margin: 0; padding: 14px 20px; font-size: 18px; border-bottom: 1px solid var(--line); }
  .modal .body { padding: 12px 20px; overflow-y: auto; }
  .modal .foot { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px; border-top: 1px solid var(--line); }
  .modal .foot button { border: 1px solid #bbb; background: #fff; border-radius: 4px; padding: 4px 14px; cursor: pointer; }
  .modal .foot button.submit { background: #007a5a; color: #fff; border-color: #007a5a; }
  .input { margin: 10px 0; } .input > label { display: block; font-weight: 700; margin-bottom: 3px; }
  .input input[type=text], .input input[type=number], .input input[type=date], .input input[type=time], .input select, .input textarea { width: 100%; padding: 6px 8px; border: 1px solid #bbb; border-radius: 4px; }
  .input .hint { color: var(--muted); font-size: 12px; }
  .input .error { color: var(--bad); font-size: 13px; } .input.has-error input, .input.has-error select, .input.has-error textarea { border-color: var(--bad); }
</style>
</head>
<body>
<div class="app">
  <aside>
    <div class="brand">opsbot sandbox<small>Slack workspace emulator</small></div>
    <label>나 (You are)<select id="me"></select></label>
    <nav aria-label="Channels"><h2>채널 Channels</h2><ul id="channels"></ul><h2>DM</h2><ul id="dms"></ul></nav>
    <div class="hook">Request URL (where Slack posts)
      <form id="hook-form"><input id="hook-url" placeholder="http://127.0.0.1:8080/hooks/slack" aria-label="Request URL"><button type="submit">Set</button></form>
    </div>
  </aside>
  <main>
    <header class="top">
      <h1 id="title">#</h1>
      <div class="menu"><button type="button" id="shortcut-button">⚡ Shortcuts</button><ul id="shortcut-menu" hidden></ul></div>
    </header>
    <div id="messages" role="log" aria-live="polite"></div>
    <div id="status" role="status"></div>
    <form class="composer" id="composer">
      <input id="text" autocomplete="off" placeholder="메시지 또는 /attendance me 같은 명령 (Enter)" aria-label="Message or slash command">
      <button type="submit" id="send">Send</button>
    </form>
  </main>
</div>
<div class="overlay" id="modal" hidden>
  <form class="modal" id="modal-form"><h2 id="modal-title"></h2><div class="body" id="modal-body"></div>
    <div class="foot"><button type="button" id="modal-cancel">Cancel</button><button type="submit" class="submit" id="modal-submit">Submit</button></div>
  </form>
</div>
<script>
/*SCRIPT*/
</script>
</body>
</html>
`;
