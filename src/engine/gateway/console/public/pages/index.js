import { h } from '../dom.js';
import { t } from '../i18n.js';
import { link } from '../router.js';
import { appPage } from './app.js';
import { auditPage } from './audit.js';
import { calendarsPage } from './calendars.js';
import { clusterPage } from './cluster.js';
import { connectionsPage } from './connections.js';
import { inboxPage } from './inbox.js';
import { outboxPage } from './outbox.js';
import { overviewPage } from './overview.js';
import { usersPage } from './users.js';

const notFound = {
  title: 'notFound.title',
  render(main) {
    main.append(
      h('h1', null, t('notFound.title')),
      h('p', null, h('a', { href: link() }, t('nav.overview'))),
    );
  },
};

/** Route name → page: { title (text key), render(main, route) → cleanup?, update?(main, route) }. */
export const PAGES = {
  overview: overviewPage,
  app: appPage,
  outbox: outboxPage,
  inbox: inboxPage,
  connections: connectionsPage,
  calendars: calendarsPage,
  cluster: clusterPage,
  audit: auditPage,
  users: usersPage,
  'not-found': notFound,
};
