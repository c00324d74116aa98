import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../platform/config/load.ts';
import { loadOptions } from './config.ts';

// base/project/opsbot.yaml, base/project/apps/ok.ts, base/outside/x.ts
const base = mkdtempSync(path.join(tmpdir(), 'opsbot-roots-'));
const project = path.join(base, 'project');
const outside = path.join(base, 'outside', 'x.ts');
mkdirSync(path.join(project, 'apps'), { recursive: true });
mkdirSync(path.dirname(outside));
for (const file of [outside, path.join(project, 'apps', 'ok.ts'), path.join(project, 'top.ts')]) {
  writeFileSync(file, 'export default {};\n');
}
symlinkSync(outside, path.join(project, 'apps', 'link.ts'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function issues(lines: string[]) {
  const file = path.join(project, 'opsbot.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return (await checkConfig(file, { ...loadOptions(file), env: {} })).issues;
}

const outsideMessage = (roots: string) =>
  `app file ${outside} is outside the app folders (appRoots: ${roots}); move it there or add its folder to appRoots`;

describe('appRoots', () => {
  it('refuses an app file outside the config folder by default, relative or absolute, naming the file', async () => {
    expect(
      await issues([
        'apps:',
        '  a: { use: ../outside/x.ts }',
        `  b: { use: ${outside} }`,
        '  c: { use: ./top.ts }',
      ]),
    ).toEqual([
      { path: 'apps.a.use', line: 2, message: outsideMessage(project) },
      { path: 'apps.b.use', line: 3, message: outsideMessage(project) },
    ]);
  });

  it('allows only the listed folders, and follows symlinks before deciding', async () => {
    const apps = path.join(project, 'apps');
    expect(
      await issues([
        'appRoots: [./apps]',
        'apps:',
        '  a: { use: ./apps/ok.ts }',
        '  b: { use: ./top.ts }',
        '  c: { use: ./apps/link.ts }',
      ]),
    ).toEqual([
      {
        path: 'apps.b.use',
        line: 4,
        message: `app file ${path.join(project, 'top.ts')} is outside the app folders (appRoots: ${apps}); move it there or add its folder to appRoots`,
      },
      {
        path: 'apps.c.use',
        line: 5,
        message: `app file ${path.join(apps, 'link.ts')} is outside the app folders (appRoots: ${apps}); move it there or add its folder to appRoots`,
      },
    ]);
  });

  it('runs a file from another folder once appRoots lists it; built-in apps need no root', async () => {
    expect(
      await issues([
        'appRoots: [., ../outside]',
        'apps:',
        '  a: { use: ../outside/x.ts }',
        '  b: { use: "builtin:market-alert", enabled: false }',
      ]),
    ).toEqual([]);
  });
});
