/** Placeholder, replaced below. */
export function workspacePage(): string {
  return '<!doctype html><title>Slack sandbox</title>';
}
