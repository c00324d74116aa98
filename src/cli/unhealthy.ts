import type { AppStatus } from '../contracts/daemon-api/index.ts';
import { call } from './daemon-client.ts';
import { say } from './output.ts';

/** One line per app that is not up after a start or reload; empty when every app runs. */
export function unhealthyLines(apps: AppStatus[]): string[] {
  const lines: string[] = [];
  for (const a of apps) {
    const why = a.error ? `: ${a.error}` : '';
    // `starting` again after a crash is the same loop, caught between two attempts.
    if (a.state === 'backoff' || (a.state === 'starting' && a.restarts > 0)) {
      lines.push(`opsbot: app ${a.app} is crash-looping (restarting with backoff)${why}`);
    } else if (a.state === 'crashed') {
      lines.push(
        `opsbot: app ${a.app} crashed and stays down until it is fixed (opsbot restart ${a.app})${why}`,
      );
    }
  }
  return lines;
}

/**
 * Says which apps are crash-looping or crashed, so a start or reload does not look fine when it is
 * not. The daemon itself is up, so the exit code stays 0; `status` has the details.
 */
export async function reportUnhealthy(configOption: string | undefined): Promise<void> {
  const status = await call(configOption, 'status', {});
  for (const line of unhealthyLines(status.apps)) say(line);
}

/**
 * After `opsbot start`: with `wait`, polls until no app is still starting (each is bounded by its
 * `timeouts.start`), then says which are not up; without, says how many are still coming up.
 */
export async function reportStarting(configOption: string, wait: boolean): Promise<void> {
  let status = await call(configOption, 'status', {});
  while (wait && status.apps.some((a) => a.state === 'starting')) {
    await new Promise((r) => setTimeout(r, 100));
    status = await call(configOption, 'status', {});
  }
  for (const line of unhealthyLines(status.apps)) say(line);
  const starting = status.apps.filter((a) => a.state === 'starting').length;
  if (starting)
    say(`opsbot: ${starting} of ${status.apps.length} apps still starting; opsbot status shows them`);
}
