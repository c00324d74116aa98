import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { resolveAppModule } from '../daemon/app-module.ts';
import { loadOptions } from '../daemon/config.ts';
import { locateSyntaxError } from '../daemon/syntax-check.ts';
import { lineOf } from '../platform/config/issues.ts';
import { type ConfigIssue, checkConfig, formatIssue } from '../platform/config/load.ts';
import { errorMessage, OpsbotError } from '../platform/errors.ts';
import { importApp, parseAppOptions } from '../sdk/host/load.ts';

/** Every problem in the config, including each app's `with:` checked by the app's own schema. */
export async function checkEverything(file: string) {
  const result = await checkConfig(file, loadOptions(file));
  if (!result.config) return result;
  const lines = yamlLines(file);
  for (const [name, app] of Object.entries(result.config.apps)) {
    const module = resolveAppModule(app.use, path.dirname(file));
    let loaded: Awaited<ReturnType<typeof importApp>>;
    try {
      loaded = await importApp(module);
    } catch (err) {
      // The module itself is wrong: say so at `use:`, naming the file and line of a syntax error.
      let message = errorMessage(err);
      if (message.startsWith('syntax error in an app file')) message = locateSyntaxError(module) ?? message;
      result.issues.push({ path: `apps.${name}.use`, line: lines(['apps', name, 'use']), message });
      continue;
    }
    try {
      parseAppOptions(loaded, app.with);
    } catch (err) {
      result.issues.push({
        path: `apps.${name}.with`,
        line: lines(['apps', name, 'with']),
        message: errorMessage(err),
      });
    }
  }
  return result;
}

/** Refuses a config with problems: each on its own line with file and line, then how many and `what` ("nothing was changed"). */
export function refuseIssues(file: string, issues: ConfigIssue[], what: string): void {
  if (!issues.length) return;
  for (const issue of issues) process.stderr.write(`${formatIssue(file, issue)}\n`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new OpsbotError('CONFIG', `${count} in ${file}; ${what}`);
}

/** The YAML line of a path in the file, for issues found after loading (an app's own checks). */
function yamlLines(file: string): (at: string[]) => number | null {
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter });
  return (at) => lineOf(doc, counter, at);
}

export { loadDaemonConfig, loadOptions } from '../daemon/config.ts';
export { findConfigFile, readAppNames, readDataDir, readTimezone } from './config-locate.ts';
