/**
 * The modal checks Slack applies in views.open/update/push (reference §1.4). Failures are
 * `invalid_arguments` with Slack-style messages naming the JSON pointer, or `view_too_large`.
 */
import { ApiError, invalidArguments } from './args.ts';

const MAX_VIEW_BYTES = 250 * 1024;
const MAX_BLOCKS = 100;
const MAX_METADATA = 3000;
const MAX_TITLE = 24;
const MAX_CALLBACK_ID = 255;

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plainTextProblem(value: unknown, pointer: string, required: boolean): string | undefined {
  if (value === undefined) return required ? `[ERROR] missing required field: ${pointer}` : undefined;
  if (!isObj(value) || value['type'] !== 'plain_text' || typeof value['text'] !== 'string') {
    return `[ERROR] must be a plain_text text object [json-pointer:${pointer}]`;
  }
  if (value['text'].length > MAX_TITLE) {
    return `[ERROR] must be less than ${MAX_TITLE + 1} characters [json-pointer:${pointer}/text]`;
  }
  return undefined;
}

function blockProblems(blocks: unknown): string[] {
  if (blocks === undefined) return ['[ERROR] missing required field: blocks [json-pointer:/view/blocks]'];
  if (!Array.isArray(blocks)) return ['[ERROR] must be an array [json-pointer:/view/blocks]'];
  if (blocks.length > MAX_BLOCKS) {
    return [`[ERROR] no more than ${MAX_BLOCKS} items allowed [json-pointer:/view/blocks]`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    if (!isObj(block) || typeof block['type'] !== 'string') {
      problems.push(`[ERROR] must provide an object with a type [json-pointer:/view/blocks/${i}]`);
      return;
    }
    const id = block['block_id'];
    if (typeof id === 'string') {
      if (seen.has(id))
        problems.push(`[ERROR] duplicate block_id ${id} [json-pointer:/view/blocks/${i}/block_id]`);
      seen.add(id);
    }
    if (block['type'] === 'input' && (!isObj(block['element']) || !isObj(block['label']))) {
      problems.push(`[ERROR] input blocks need a label and an element [json-pointer:/view/blocks/${i}]`);
    }
  });
  return problems;
}

/** Returns the parsed view, or throws the error Slack would answer with. */
export function checkModal(view: unknown, rawLength: number): Obj {
  if (rawLength > MAX_VIEW_BYTES) throw new ApiError('view_too_large');
  if (!isObj(view)) throw invalidArguments('[ERROR] missing required field: view');
  const problems: string[] = [];
  if (view['type'] !== 'modal') problems.push('[ERROR] must be "modal" [json-pointer:/view/type]');
  const titleProblem = plainTextProblem(view['title'], '/view/title', true);
  if (titleProblem) problems.push(titleProblem);
  for (const key of ['submit', 'close']) {
    const p = plainTextProblem(view[key], `/view/${key}`, false);
    if (p) problems.push(p);
  }
  problems.push(...blockProblems(view['blocks']));
  const blocks = Array.isArray(view['blocks']) ? view['blocks'] : [];
  const hasInput = blocks.some((b) => isObj(b) && b['type'] === 'input');
  if (hasInput && view['submit'] === undefined) {
    problems.push('[ERROR] must define `submit` to use an input block [json-pointer:/view/submit]');
  }
  const metadata = view['private_metadata'];
  if (metadata !== undefined && (typeof metadata !== 'string' || metadata.length > MAX_METADATA)) {
    problems.push(
      `[ERROR] must be a string of at most ${MAX_METADATA} characters [json-pointer:/view/private_metadata]`,
    );
  }
  const callbackId = view['callback_id'];
  if (callbackId !== undefined && (typeof callbackId !== 'string' || callbackId.length > MAX_CALLBACK_ID)) {
    problems.push(`[ERROR] must be at most ${MAX_CALLBACK_ID} characters [json-pointer:/view/callback_id]`);
  }
  if (problems.length > 0) throw invalidArguments(...problems);
  return view;
}

/** Block ids of the view's input blocks: the only keys `response_action: errors` may use. */
export function inputBlockIds(view: Obj): string[] {
  const blocks = Array.isArray(view['blocks']) ? view['blocks'] : [];
  return blocks
    .filter((b): b is Obj => isObj(b) && b['type'] === 'input' && typeof b['block_id'] === 'string')
    .map((b) => b['block_id'] as string);
}
