import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig, loadConfig } from './load.ts';
import { configFiles } from './test-helpers.ts';

const files = configFiles();
afterAll(() => files.cleanup());

describe('isolation keys (global and per app)', () => {
  it('reads the global isolation and an app that sets its own', async () => {
    const file = await files.write(
      [
        'isolation: thread',
        'apps:',
        '  light: { use: builtin:market-alert }',
        '  heavy: { use: builtin:market-alert, isolation: process }',
      ].join('\n'),
    );
    const config = await loadConfig(file);
    expect(config.isolation).toBe('thread');
    expect([config.apps['light']?.isolation, config.apps['heavy']?.isolation]).toEqual([
      undefined,
      'process',
    ]);
  });

  it('defaults to a process per app', async () => {
    const config = await loadConfig(await files.write('apps:\n  x: { use: builtin:market-alert }\n'));
    expect(config.isolation).toBe('process');
    expect(config.apps['x']?.isolation).toBeUndefined();
  });

  it('refuses another word, naming the key at its line', async () => {
    const file = await files.write(
      ['isolation: threads', 'apps:', '  x:', '    use: builtin:market-alert', '    isolation: worker'].join(
        '\n',
      ),
    );
    const { issues } = await checkConfig(file);
    expect(issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [1, 'isolation', 'expected one of: process, thread (got "threads")'],
      [5, 'apps.x.isolation', 'expected one of: process, thread (got "worker")'],
    ]);
  });
});
