/** Flex ("Flexible Template") containers and components, LINE-Messaging-API-like. */
import { validateAction } from './actions.ts';
import { arr, InvalidParameter, obj, oneOf, str } from './validate.ts';

const BLOCKS = ['header', 'hero', 'body', 'footer'] as const;
const COMPONENTS = ['box', 'text', 'span', 'image', 'icon', 'button', 'separator', 'filler'] as const;
const MAX_CAROUSEL_BUBBLES = 10;

function validateComponent(value: unknown, path: string): void {
  const c = obj(value, path);
  oneOf(c, 'type', path, COMPONENTS);
  if (c['action'] !== undefined) validateAction(c['action'], `${path}.action`, 'flex');
  switch (c['type']) {
    case 'box': {
      oneOf(c, 'layout', path, ['horizontal', 'vertical', 'baseline']);
      const items = arr(c, 'contents', path, 0, 100);
      items.forEach((item, i) => {
        validateComponent(item, `${path}.contents[${i}]`);
      });
      break;
    }
    case 'text':
      // A text may carry spans instead of its own text.
      if (c['contents'] === undefined) str(c, 'text', path);
      break;
    case 'span':
      str(c, 'text', path);
      break;
    case 'image':
    case 'icon':
      str(c, 'url', path);
      break;
    case 'button':
      if (c['action'] === undefined) throw new InvalidParameter(`${path}.action`, 'is required');
      break;
  }
}

function validateBubble(value: unknown, path: string): void {
  const b = obj(value, path);
  oneOf(b, 'type', path, ['bubble']);
  if (!BLOCKS.some((k) => b[k] !== undefined)) {
    throw new InvalidParameter(path, 'bubble needs one of header|hero|body|footer');
  }
  for (const k of BLOCKS) {
    if (b[k] === undefined) continue;
    // hero is usually an image; the others are boxes. Both are components.
    validateComponent(b[k], `${path}.${k}`);
  }
}

export function validateFlex(content: Record<string, unknown>, path: string): void {
  str(content, 'altText', path, { max: 400 });
  const contents = obj(content['contents'], `${path}.contents`);
  oneOf(contents, 'type', `${path}.contents`, ['bubble', 'carousel']);
  if (contents['type'] === 'bubble') {
    validateBubble(contents, `${path}.contents`);
    return;
  }
  const bubbles = arr(contents, 'contents', `${path}.contents`, 1, MAX_CAROUSEL_BUBBLES);
  bubbles.forEach((b, i) => {
    validateBubble(b, `${path}.contents.contents[${i}]`);
  });
}
