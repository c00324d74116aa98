import { statSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { cli, Project, until } from '../helpers/cli.ts';
import { startSandbox } from '../helpers/sandbox-process.ts';
import { freePort } from '../helpers/works.ts';

interface CloudFacts {
  cloud: {
    ncp: { apiUrl: string; monitoringUrl: string; customers: string[] };
    vault: { url: string; authorityHost: string; ca: string };
    teams: { pageUrl: string; urlFile: string };
    secretsDir: string;
    yaml: string;
  };
}

const project = new Project('opsbot-sandbox-cloud-');
afterAll(() => project.cleanup());

/**
 * As a new user: `opsbot sandbox --cloud`, paste what it prints, start opsbot trusting the vault's
 * certificate the way it says, and run the report.
 */
it('prints blocks that, pasted as they are, run the cloud report against its emulators', async () => {
  const port = await freePort();
  project.write('opsbot.yaml', `dataDir: ./data\nhttp: { host: 127.0.0.1, port: ${port} }\n`);
  const sandbox = await startSandbox<CloudFacts>(project, ['--cloud']);
  try {
    const { cloud } = sandbox.facts;
    expect(cloud.ncp.customers).toEqual(['acme', 'beta']);
    expect(statSync(cloud.teams.urlFile).mode & 0o777).toBe(0o600);
    project.write('opsbot.yaml', `dataDir: ./data\nhttp: { host: 127.0.0.1, port: ${port} }\n${cloud.yaml}`);
    const env = { NODE_EXTRA_CA_CERTS: cloud.vault.ca };
    const check = await project.run('config', 'check');
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const started = await cli(project.dir, ['start', '--wait'], env);
    expect(started.code, started.stderr).toBe(0);
    const run = await project.run('run', 'cloud-report', '--set', 'period=2026-11');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // The run's messages leave through the outbox after `opsbot run` returns.
    const texts = await until('the summary card on the Teams sink', async () => {
      const page = (await (await fetch(`${cloud.teams.pageUrl}api/cards`)).json()) as {
        cards: Array<{ card: unknown }>;
      };
      const all = page.cards.map((c) => JSON.stringify(c.card));
      return all.some((t) => t.includes('{"title":"customers"')) ? all : null;
    });
    // beta (found in the vault) has no NAS permission, as the old report's README shows.
    expect(texts.some((t) => t.includes('NAS:View/getNASVolumeInstanceList') && t.includes('"beta"'))).toBe(
      true,
    );
    for (const customer of ['acme', 'beta']) {
      expect(
        statSync(project.path(`data/apps/cloud-report/2026-11/${customer}/server.json`)).size,
      ).toBeGreaterThan(2);
    }
  } finally {
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
  }
});
