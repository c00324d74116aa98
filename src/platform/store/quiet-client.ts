import pg from 'pg';

/**
 * A pg Client that never throws a socket error at the process. pg emits 'error' on a client whose
 * connection dies (Postgres restarted, a network cut); the pool listens only once the client has
 * connected and handed it out, so an error in between — seen when Postgres stops while the pool is
 * busy — would otherwise kill the daemon. Queries still fail with the error, and the pool drops the
 * client.
 */
export class QuietClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }
}
