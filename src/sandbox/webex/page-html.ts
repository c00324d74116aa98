/** The chat page's HTML and styles; the script lives in page-script.ts. */
import { PAGE_SCRIPT } from './page-script.ts';

const STYLE = `
body { font: 14px system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; background: #f5f6f7; }
header { background: #07c1e4; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
header h1 { font-size: 16px; margin: 0; }
#hooks { font-size: 12px; opacity: .9; }
#messages { flex: 1; overflow-y: auto; padding: 16px; }
.msg { background: #fff; border-radius: 8px; padding: 8px 12px; margin: 8px 0; max-width: 640px; box-shadow: 0 1px 2px #0002; }
.msg.me { margin-left: auto; background: #e6f7fb; }
.sender { font-weight: 600; font-size: 12px; color: #555; margin-bottom: 4px; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: 8px; margin-top: 8px; display: flex; flex-direction: column; gap: 6px; }
.card .label { display: block; font-size: 12px; color: #444; }
.card input[type=text], .card input[type=number], .card textarea, .card select { width: 100%; box-sizing: border-box; }
.tb.bold { font-weight: 700; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.choice { display: block; }
.submit { background: #07c1e4; color: #fff; border: 0; border-radius: 4px; padding: 6px 12px; cursor: pointer; }
footer { display: flex; gap: 8px; padding: 8px 16px; background: #fff; border-top: 1px solid #ddd; align-items: center; }
#text { flex: 1; padding: 6px; }
#status { font-size: 12px; color: #555; padding: 0 16px 6px; background: #fff; }
`;

export function chatPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webex sandbox</title><style>${STYLE}</style></head>
<body>
<header><h1>Webex sandbox</h1><label>You are <select id="person"></select></label><span id="hooks"></span></header>
<div id="messages" aria-live="polite"></div>
<footer><input id="text" placeholder="Message the bot (Enter sends)" autocomplete="off">
<input id="file" type="file"><button id="send" type="button">Send</button></footer>
<div id="status"></div>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}
