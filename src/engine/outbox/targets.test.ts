import { describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector } from '../../connectors/types.ts';
import { OpsbotError } from '../../platform/errors.ts';
import { resolveTarget } from './targets.ts';

function connector(type: string, destinations: string[], canSend = true): Connector {
  return {
    name: type,
    type,
    defaultRateLimit: 60,
    capabilities: testCapabilities({ destinations, send: canSend }),
    ...(canSend ? { send: async () => {} } : {}),
  };
}

const connectors = new Map<string, Connector>([
  ['works', connector('naverworks', ['channel', 'user'])],
  ['slack', connector('slack', ['channel'])],
  ['ops-teams', connector('teams', [])],
  ['keyvault', connector('azure-keyvault', [], false)],
  // Email: mail/to/<address>, and `mail` alone for the connection's default list.
  [
    'mail',
    {
      ...connector('smtp', ['to']),
      capabilities: testCapabilities({ destinations: ['to'], bare: true }),
    },
  ],
]);

const targets: Record<string, string | string[]> = {
  'market-desk': 'works/channel/abc-123',
  oncall: ['market-desk', 'ops-teams'],
  everyone: ['oncall', 'slack/channel/C01', 'works/channel/abc-123', 'market-desk'],
  loop: ['works/user/u1', 'loop-b'],
  'loop-b': 'loop',
  self: 'self',
  'bad-inner': ['works/channel/ok', 'works/room/x'],
};

function resolve(target: string) {
  return resolveTarget(target, targets, connectors);
}

function failure(target: string): OpsbotError {
  try {
    resolve(target);
  } catch (err) {
    if (err instanceof OpsbotError) return err;
    throw err;
  }
  throw new Error(`expected '${target}' to fail`);
}

describe('resolveTarget', () => {
  it('resolves a raw connection/kind/id', () => {
    expect(resolve('works/user/u-9')).toEqual([{ connection: 'works', destination: 'user/u-9' }]);
  });

  it('keeps slashes inside the id', () => {
    expect(resolve('works/channel/a/b')).toEqual([{ connection: 'works', destination: 'channel/a/b' }]);
  });

  it('resolves a bare single-destination connection', () => {
    expect(resolve('ops-teams')).toEqual([{ connection: 'ops-teams', destination: '' }]);
  });

  it('resolves a named target', () => {
    expect(resolve('market-desk')).toEqual([{ connection: 'works', destination: 'channel/abc-123' }]);
  });

  it('fans out a list, following nested names', () => {
    expect(resolve('oncall')).toEqual([
      { connection: 'works', destination: 'channel/abc-123' },
      { connection: 'ops-teams', destination: '' },
    ]);
  });

  it('de-duplicates destinations reached several ways, keeping first-seen order', () => {
    expect(resolve('everyone')).toEqual([
      { connection: 'works', destination: 'channel/abc-123' },
      { connection: 'ops-teams', destination: '' },
      { connection: 'slack', destination: 'channel/C01' },
    ]);
  });

  it('reports a cycle with its path', () => {
    const err = failure('loop');
    expect(err.code).toBe('TARGET');
    expect(err.message).toBe('target cycle: loop → loop-b → loop');
    expect(failure('self').message).toBe('target cycle: self → self');
  });

  it('reports an unknown target or connection', () => {
    expect(failure('nowhere').message).toBe("unknown target or connection 'nowhere' in target 'nowhere'");
    expect(failure('teams/channel/x').message).toBe("unknown connection 'teams' in target 'teams/channel/x'");
    expect(failure('nowhere').code).toBe('TARGET');
  });

  it('reports a kind the connector does not have, with the path that led there', () => {
    const err = failure('bad-inner');
    expect(err.code).toBe('TARGET');
    expect(err.message).toBe(
      "connection 'works' (naverworks) has no destination kind 'room' in 'works/room/x'; expected one of: channel, user (via bad-inner)",
    );
  });

  it('rejects a missing id and a bare connection that needs a destination', () => {
    expect(failure('works/channel').message).toBe("target 'works/channel' has no id after 'channel/'");
    expect(failure('works/channel/').message).toBe("target 'works/channel/' has no id after 'channel/'");
    expect(failure('works').message).toBe("target 'works' needs a destination: works/<channel|user>/<id>");
  });

  it('takes a connection alone where it has a default destination, and its kinds too', () => {
    expect(resolve('mail')).toEqual([{ connection: 'mail', destination: '' }]);
    expect(resolve('mail/to/kim@example.com')).toEqual([
      { connection: 'mail', destination: 'to/kim@example.com' },
    ]);
    expect(failure('mail/cc/x').message).toBe(
      "connection 'mail' (smtp) has no destination kind 'cc' in 'mail/cc/x'; expected one of: to",
    );
  });

  it('rejects a destination on a single-destination connection', () => {
    expect(failure('ops-teams/channel/x').message).toBe(
      "connection 'ops-teams' (teams) is a single destination; use 'ops-teams' alone, not 'ops-teams/channel/x'",
    );
  });

  it('rejects a connector that cannot send', () => {
    expect(failure('keyvault').message).toBe("connection 'keyvault' (azure-keyvault) cannot send messages");
  });

  it('rejects an empty target', () => {
    expect(failure('').message).toBe('empty target');
  });
});
