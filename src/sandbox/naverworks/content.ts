/** Validation of `content` for the two send endpoints, one rule set per 2.0 content type. */
import { validateAction, validateActionList } from './actions.ts';
import { validateFlex } from './flex.ts';
import { arr, httpsUrl, InvalidParameter, mediaSource, type Obj, obj, oneOf, str } from './validate.ts';

const P = 'content';
const MAX_QUICK_REPLY_ITEMS = 13;

const VALIDATORS: Record<string, (c: Obj) => void> = {
  text(c) {
    str(c, 'text', P, { max: 2000 });
  },
  link(c) {
    str(c, 'contentText', P);
    str(c, 'linkText', P);
    str(c, 'link', P);
  },
  sticker(c) {
    str(c, 'packageId', P);
    str(c, 'stickerId', P);
  },
  image(c) {
    if (c['fileId'] !== undefined) {
      str(c, 'fileId', P);
      return;
    }
    // URL form needs both: the preview is what the chat list shows.
    httpsUrl(c, 'previewImageUrl', P);
    httpsUrl(c, 'originalContentUrl', P);
  },
  file(c) {
    mediaSource(c, P, 'originalContentUrl');
  },
  button_template(c) {
    str(c, 'contentText', P);
    arr(c, 'actions', P, 1, 10);
    validateActionList(c['actions'], `${P}.actions`, 'button', 10);
  },
  list_template(c) {
    if (c['coverData'] !== undefined) {
      const cover = obj(c['coverData'], `${P}.coverData`);
      str(cover, 'title', `${P}.coverData`, { optional: true });
      str(cover, 'subtitle', `${P}.coverData`, { optional: true });
    }
    const elements = arr(c, 'elements', P, 1, 4);
    elements.forEach((value, i) => {
      const path = `${P}.elements[${i}]`;
      const e = obj(value, path);
      str(e, 'title', path);
      str(e, 'subtitle', path, { optional: true });
      if (e['action'] !== undefined) validateAction(e['action'], `${path}.action`, 'list');
    });
    if (c['actions'] !== undefined) {
      const rows = arr(c, 'actions', P, 0, 2);
      rows.forEach((row, i) => {
        validateActionList(row, `${P}.actions[${i}]`, 'list', 2);
      });
    }
  },
  carousel(c) {
    oneOf(c, 'imageAspectRatio', P, ['rectangle', 'square'], true);
    oneOf(c, 'imageSize', P, ['cover', 'contain'], true);
    const columns = arr(c, 'columns', P, 1, 10);
    columns.forEach((value, i) => {
      const path = `${P}.columns[${i}]`;
      const col = obj(value, path);
      str(col, 'title', path, { optional: true });
      str(col, 'text', path);
      if (col['defaultAction'] !== undefined) {
        validateAction(col['defaultAction'], `${path}.defaultAction`, 'carousel');
      }
      arr(col, 'actions', path, 1, 3);
      validateActionList(col['actions'], `${path}.actions`, 'carousel', 3);
    });
  },
  image_carousel(c) {
    const columns = arr(c, 'columns', P, 1, 10);
    columns.forEach((value, i) => {
      const path = `${P}.columns[${i}]`;
      const col = obj(value, path);
      mediaSource(col, path, 'originalContentUrl');
      if (col['action'] !== undefined) validateAction(col['action'], `${path}.action`, 'imageCarousel');
    });
  },
  flex(c) {
    validateFlex(c, P);
  },
};

export const CONTENT_TYPES = Object.keys(VALIDATORS);

function validateQuickReply(value: unknown): void {
  const path = `${P}.quickReply`;
  const qr = obj(value, path);
  const items = arr(qr, 'items', path, 1, MAX_QUICK_REPLY_ITEMS);
  items.forEach((value, i) => {
    const itemPath = `${path}.items[${i}]`;
    const item = obj(value, itemPath);
    if (item['imageUrl'] !== undefined) httpsUrl(item, 'imageUrl', itemPath);
    validateAction(item['action'], `${itemPath}.action`, 'quickReply');
  });
}

/** Throws InvalidParameter naming the first bad field. */
export function validateMessageBody(body: unknown): Obj {
  if (!body || typeof body !== 'object') throw new InvalidParameter('content', 'body must be a JSON object');
  const content = obj((body as Obj)['content'], P);
  const type = content['type'];
  const validator = typeof type === 'string' ? VALIDATORS[type] : undefined;
  if (!validator) throw new InvalidParameter(`${P}.type`, `must be one of ${CONTENT_TYPES.join('|')}`);
  validator(content);
  if (content['quickReply'] !== undefined) validateQuickReply(content['quickReply']);
  return content;
}
