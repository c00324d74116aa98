import { enc, get } from '../api.js';
import { h } from '../dom.js';
import { fmtJson } from '../format.js';
import { t } from '../i18n.js';
import { load } from '../ui.js';

/** The app's block of opsbot.yaml; the daemon masks secrets before it answers. */
export function appConfigTab(body, app) {
  const show = () =>
    load(body, async () => {
      const answer = await get(`/apps/${enc(app)}/config`);
      return [
        h('p', { class: 'muted' }, t('config.masked')),
        h('pre', { class: 'code', tabindex: '0' }, fmtJson(answer.config)),
      ];
    });
  show();
  return { refresh: show };
}
