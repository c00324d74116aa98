/**
 * What the Workflows template "Post to a channel when a webhook request is received" does with a
 * body it already answered 202 to (reference §3, more-wire-facts §3): it loops over `attachments`
 * and posts each Adaptive Card as the Flow bot. Anything else fails inside the run, where only the
 * run history shows it; these reasons are worded after those messages.
 */

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Workflows rejects newer cards (Skitionek/notify-microsoft-teams#107). */
export const MAX_CARD_VERSION = '1.4';
/** Through webhooks every element works except Action.Submit; these are the actions Teams allows. */
const ALLOWED_ACTIONS = new Set(['Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility']);

export type Outcome = { card: Record<string, unknown> } | { reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One outcome per attachment (the flow posts the good ones and fails on the others), or one reason for the whole body. */
export function checkEnvelope(body: unknown): Outcome[] {
  const attachments = isObject(body) ? body['attachments'] : undefined;
  if (!Array.isArray(attachments)) {
    const type = attachments === undefined || attachments === null ? 'Null' : jsonType(attachments);
    return [
      {
        reason:
          "The execution of template action 'Send_each_adaptive_card' failed: the result of the evaluation of " +
          `'foreach' expression '@triggerOutputs()?['body']?['attachments']' is of type '${type}'. The result must be a valid array.`,
      },
    ];
  }
  if (!isObject(body) || body['type'] !== 'message') {
    return [
      {
        reason: `Property 'type' must be 'message' (got ${JSON.stringify((body as { type?: unknown }).type)}).`,
      },
    ];
  }
  if (attachments.length === 0)
    return [{ reason: 'attachments is an empty array: the flow posted nothing.' }];
  return attachments.map((attachment, i) => {
    const reason = attachmentProblem(attachment);
    if (reason) return { reason: `attachments[${i}]: ${reason}` };
    return { card: (attachment as { content: Record<string, unknown> }).content };
  });
}

/** The type names Logic Apps' expression errors use. */
function jsonType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Object';
}

function attachmentProblem(attachment: unknown): string | null {
  if (!isObject(attachment)) return 'an attachment must be an object.';
  if (attachment['contentType'] !== ADAPTIVE_CARD) {
    return `contentType must be '${ADAPTIVE_CARD}' (got ${JSON.stringify(attachment['contentType'])}).`;
  }
  const card = attachment['content'];
  if (!isObject(card)) return 'content must be an Adaptive Card object.';
  if (card['type'] !== 'AdaptiveCard') return "Property 'type' must be 'AdaptiveCard'.";
  const version = card['version'];
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    return `InvalidBotAdaptiveCard: the card's version must be a string like "1.2" (got ${JSON.stringify(version)}).`;
  }
  if (newerThan(version, MAX_CARD_VERSION)) {
    return `InvalidBotAdaptiveCard: card version ${version} is newer than ${MAX_CARD_VERSION}, the highest Workflows posts.`;
  }
  if (!Array.isArray(card['body'])) return "InvalidBotAdaptiveCard: the card's body must be an array.";
  const action = forbiddenAction(card);
  if (action) return `InvalidBotAdaptiveCard: ${action} is not supported in cards posted by a workflow.`;
  return null;
}

function newerThan(version: string, max: string): boolean {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const [maxMajor, maxMinor] = max.split('.').map(Number) as [number, number];
  return major > maxMajor || (major === maxMajor && minor > maxMinor);
}

/** The first action type Teams refuses, anywhere in the card (ActionSets, ShowCard cards, selectAction). */
function forbiddenAction(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = forbiddenAction(item);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(node)) return null;
  const type = node['type'];
  if (typeof type === 'string' && type.startsWith('Action.') && !ALLOWED_ACTIONS.has(type)) return type;
  for (const value of Object.values(node)) {
    const found = forbiddenAction(value);
    if (found) return found;
  }
  return null;
}
