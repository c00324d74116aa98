/**
 * Test-only: what the NAVER WORKS client tests share. An emulator, an in-memory store for the tokens,
 * and client deps built the way the connector builds them (../index.ts), so each test goes through the
 * real token, request and upload paths against the emulator.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { z } from 'zod';
import { systemClock } from '../../../platform/clock.ts';
import { silentLogger } from '../../../platform/log.ts';
import { Redactor } from '../../../platform/redact.ts';
import { openStore } from '../../../platform/store/open.ts';
import type { WorksEmulator, WorksEmulatorOptions } from '../../../sandbox/naverworks/index.ts';
import { BOT, CLIENT, keys, start } from '../../../sandbox/naverworks/testkit.ts';
import type { DeliveryError } from '../../types.ts';
import { createWorksApi, createWorksRawFetch } from '../api.ts';
import { naverworksOptions } from '../options.ts';
import { TokenManager } from '../tokens.ts';
import type { RawClientDeps } from './deps.ts';

/** Connection settings on top of the test client's credentials and the emulator's URLs. */
export type WorksSettings = Partial<z.input<typeof naverworksOptions>>;

export interface WorksClientHarness {
  emu: WorksEmulator;
  /** Deps for one connection; each connection name keeps its own token in the store. */
  deps(settings: WorksSettings, connection?: string): RawClientDeps;
  /** Deps for an `auth: user` connection, signed in through the emulator's consent page. */
  userDeps(settings: WorksSettings, connection?: string): Promise<RawClientDeps>;
  close(): Promise<void>;
}

/**
 * Starts the emulator with `emulator` on top of the testkit defaults. The test client may ask for any
 * scope, so a test picks its scopes per connection and the API's own scope checks decide.
 */
export async function worksClientHarness(
  emulator: Partial<WorksEmulatorOptions> = {},
): Promise<WorksClientHarness> {
  const emu = await start({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey, scopes: undefined }],
    ...emulator,
  });
  const store = await openStore({
    url: 'sqlite',
    dataDir: tmpdir(),
    masterKey: randomBytes(32),
    memory: true,
  });

  const build = (settings: WorksSettings, connection: string) => {
    const options = naverworksOptions.parse({
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      serviceAccount: CLIENT.serviceAccount,
      privateKey: keys.privateKey,
      apiUrl: emu.apiUrl,
      authUrl: emu.authUrl,
      ...settings,
    });
    const redactor = new Redactor();
    const tokens = new TokenManager({
      connection,
      options,
      tokens: store.tokens,
      clock: systemClock,
      redactor,
      log: silentLogger(),
    });
    const init = { apiUrl: options.apiUrl, tokens, clock: systemClock, redactor };
    const deps = { connection, options, request: createWorksApi(init), raw: createWorksRawFetch(init) };
    return { deps, tokens };
  };

  return {
    emu,
    deps: (settings, connection = 'works') => build(settings, connection).deps,
    async userDeps(settings, connection = 'works') {
      const { deps, tokens } = build(
        { redirectUri: CLIENT.redirectUri, ...settings, auth: 'user' },
        connection,
      );
      // The emulator's consent page redirects straight back with a code, as if the user said yes.
      const res = await fetch(tokens.authorizeUrl('s'), { redirect: 'manual' });
      await tokens.exchangeCode(new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '');
      return deps;
    },
    async close() {
      await emu.close();
      await store.close();
    },
  };
}

/** The error a call fails with; a call that succeeds fails the test. */
export function failure(p: Promise<unknown>): Promise<DeliveryError & { errorCode?: string }> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DeliveryError & { errorCode?: string },
  );
}

/** A service-account connection with the emulator's bot: the block a test hands naverworksConnector.create(). */
export function emulatorConnection(
  emu: WorksEmulator,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    serviceAccount: CLIENT.serviceAccount,
    privateKey: keys.privateKey,
    botId: BOT.botId,
    botSecret: BOT.botSecret,
    scopes: ['bot', 'bot.read'],
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
    ...extra,
  };
}
