import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PortableMessage } from 'opsbot';
import { afterEach, describe, expect, it } from 'vitest';
import { countRows, fakeNcp, reportApp, world } from './test-helpers.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function started(...args: Parameters<typeof reportApp>) {
  const made = await reportApp(...args);
  stops.push(() => made.test.stop());
  return made;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('cloud-report failures and run options', () => {
  it('fails the run naming a customer whose every call failed, after writing the others', async () => {
    const fakes = world();
    const denied = { code: '200', message: 'Authentication Failed' };
    const beta = fakes.vault.accounts.beta;
    if (beta) beta.fail = { 'regions:vpc': denied, 'regions:classic': denied };
    const { test, dataDir } = await started(fakes);

    await expect(test.run()).rejects.toThrow(
      'cloud report failed for 1 customer(s): beta (every call failed, first: Authentication Failed)',
    );
    expect(await exists(path.join(dataDir, '2026-11', 'acme', 'acme-2026-11.xlsx'))).toBe(true);
    expect(await exists(path.join(dataDir, '2026-11', 'beta'))).toBe(false);
    expect(await countRows(test, 'server', '2026-11')).toEqual({ acme: 4 });
    const messages = test.sent.map((s) => s.message as PortableMessage);
    expect(
      messages.slice(0, 2).map((m) => [m.text, m.fields?.find((f) => f.name === 'API path')?.value]),
    ).toEqual(
      expect.arrayContaining([
        ['Authentication Failed', '/vserver/v2/getRegionList'],
        ['Authentication Failed', '/server/v2/getRegionList'],
      ]),
    );
    expect(messages.at(-1)).toMatchObject({ severity: 'error', text: 'Cloud report failed for beta.' });
  });

  it('fails the run when a discovery connection cannot list its customers', async () => {
    const fakes = world();
    fakes.vault.client.customers = async () => {
      throw Object.assign(new Error('Key Vault answered 403'), { code: 'VAULT' });
    };
    const { test } = await started(fakes);
    await expect(test.run()).rejects.toThrow('(discovery on ncp-vault) (Key Vault answered 403)');
    expect(await countRows(test, 'server', '2026-11')).toEqual({ acme: 4 });
  });

  it('runs only the customers named in `only` and refuses an unknown one', async () => {
    const fakes = world();
    const { test, dataDir } = await started(fakes, { only: ['acme'], period: '2026-10' });
    await test.run();
    expect(await readdir(path.join(dataDir, '2026-10'))).toEqual(['acme']);
    expect(fakes.vault.calls.map((c) => c.method)).toEqual(['customers']);

    const other = await started(world(), { only: ['acme', 'zeta'] });
    await expect(other.test.run()).rejects.toThrow('only: no customer zeta (customers: acme, beta)');
  });

  it('applies a configured entry to a discovered customer of the same id (exclude, platforms)', async () => {
    const fakes = world();
    const customers = [
      { id: 'acme', connection: 'ncp-acme', platforms: ['vpc'], exclude: ['cloud-mongodb'] },
      { id: 'beta', connection: 'ncp-vault', platforms: ['classic'], exclude: ['nas', 'server-image'] },
    ];
    const { test } = await started(fakes, { customers });
    await test.run();
    const paths = fakes.vault.calls.filter((c) => c.method === 'list').map((c) => c.path);
    expect(paths).toHaveLength(8);
    expect(paths.some((p) => p?.includes('Nas') || p?.includes('MemberServerImage'))).toBe(false);
    expect(fakes.vault.calls.filter((c) => c.method === 'regions')).toEqual([
      { method: 'regions', customer: 'beta', platform: 'classic' },
    ]);
    // No NAS call, so no 802: only the summary, and it is a success.
    expect(test.sent.map((s) => (s.message as PortableMessage).severity)).toEqual(['success']);
  });

  it('uses the gov Cloud Insight key for a gov customer, and none when metrics are off', async () => {
    const fakes = world();
    const queries: string[] = [];
    const metrics = fakes.vault.client.metrics;
    fakes.vault.client.metrics = async (request) => {
      queries.push(...new Set(request.queries.map((q) => q.prodKey)));
      return metrics(request);
    };
    const { test } = await started(fakes);
    await test.run();
    expect(queries).toEqual(['769530112713560064']);

    const off = world();
    const quiet = await started(off, { metrics: false });
    await quiet.test.run();
    expect([...off.acme.calls, ...off.vault.calls].filter((c) => c.method === 'metrics')).toEqual([]);
  });

  it('collects customers in parallel, no more than `concurrency` at once', async () => {
    const accounts = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `c${i}`,
        { regions: { vpc: [{ regionCode: 'KR', regionName: 'Korea' }] } },
      ]),
    );
    const fakes = { acme: world().acme, vault: fakeNcp('ncp-vault', accounts, true) };
    let inFlight = 0;
    let most = 0;
    const regions = fakes.vault.client.regions;
    fakes.vault.client.regions = async (request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Yield to the event loop so the other customers' calls get going, as a real call would.
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      inFlight--;
      return regions(request);
    };
    const { test } = await started(fakes, { customers: [], concurrency: 3 });
    await test.run();
    expect(most).toBe(3);
    expect(fakes.vault.calls.filter((c) => c.method === 'regions')).toHaveLength(20);
  });

  it('collects in a dry run but writes no file or row and sends no message', async () => {
    const fakes = world();
    const { test, dataDir } = await started(fakes, {}, { dryRun: true });
    await test.run();
    expect(fakes.acme.calls.filter((c) => c.method === 'list')).toHaveLength(39);
    expect(await exists(dataDir)).toBe(false);
    expect(await countRows(test, 'server', '2026-11')).toEqual({});
    expect(await countRows(test, 'report_run', '2026-11')).toEqual({});
    expect(test.sent).toEqual([]);
  });
});
