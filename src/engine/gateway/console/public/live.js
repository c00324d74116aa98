import { request } from './api.js';
import { setZone } from './format.js';
import { publish, state } from './state.js';

// GET /api/v1/events pushes {status, overview} at once and on every change. EventSource retries
// by itself after a network drop; a refused stream (401: the session ended) closes for good, so
// then the session is asked, and the login form shown if it is gone.

let source = null;
let retry = null;

export function startLive(onSessionEnded) {
  stopLive();
  source = new EventSource('/api/v1/events');
  source.addEventListener('overview', (event) => {
    const data = JSON.parse(event.data);
    state.status = data.status;
    state.overview = data.overview;
    state.live = true;
    setZone(data.status?.timezone);
    publish();
  });
  source.addEventListener('open', () => {
    state.live = true;
    publish();
  });
  source.addEventListener('error', () => {
    state.live = false;
    publish();
    if (source?.readyState !== EventSource.CLOSED) return;
    retry = setTimeout(async () => {
      try {
        await request('GET', '/console/session');
        startLive(onSessionEnded);
      } catch (err) {
        if (err.status === 401) onSessionEnded(err);
        else startLive(onSessionEnded);
      }
    }, 3000);
  });
}

export function stopLive() {
  clearTimeout(retry);
  source?.close();
  source = null;
  state.live = false;
}
