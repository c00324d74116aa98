import { formatIssue, showConfig } from '../../platform/config/load.ts';
import { OpsbotError } from '../../platform/errors.ts';
import { checkEverything, findConfigFile, loadDaemonConfig } from '../config-file.ts';
import { printJson, say } from '../output.ts';

/** `config check`: every problem with its YAML path and line; exit 1 when there is any. */
export async function configCheckCommand(opts: { config?: string; json?: boolean }) {
  const file = findConfigFile(opts.config);
  const { issues } = await checkEverything(file);
  if (opts.json) printJson({ file, ok: issues.length === 0, issues });
  else if (issues.length === 0) say(`${file}: ok`);
  else for (const issue of issues) process.stdout.write(`${formatIssue(file, issue)}\n`);
  if (issues.length) {
    if (!opts.json) say(`${issues.length} problem(s)`);
    process.exitCode = 1;
  }
}

/** `config show`: the resolved config, secrets shown as their references. */
export async function configShowCommand(opts: { config?: string }) {
  const file = findConfigFile(opts.config);
  const config = await loadDaemonConfig(file).catch((err) => {
    throw err instanceof OpsbotError ? err : new OpsbotError('CONFIG', String(err));
  });
  process.stdout.write(showConfig(config));
}
