/** Action objects (2.0 "bot-actionobject"), with the per-placement limits from the docs. */
import { InvalidParameter, obj, oneOf, str } from './validate.ts';

/** Where an action sits decides which action types and label lengths are legal. */
export type ActionPlace = 'button' | 'list' | 'carousel' | 'imageCarousel' | 'quickReply' | 'flex';

const COMMON = ['postback', 'message', 'uri', 'copy'] as const;
const QUICK_ONLY = ['camera', 'cameraRoll', 'location'] as const;

export function validateAction(value: unknown, path: string, place: ActionPlace): void {
  const a = obj(value, path);
  const allowed: readonly string[] = place === 'quickReply' ? [...COMMON, ...QUICK_ONLY] : COMMON;
  oneOf(a, 'type', path, allowed);
  const labelMax = place === 'imageCarousel' ? 12 : 20;
  // image_carousel and flex actions may omit the label (the image or component is the target).
  const labelOptional = place === 'imageCarousel' || place === 'flex';
  switch (a['type']) {
    case 'postback':
      str(a, 'label', path, { max: labelMax, optional: labelOptional });
      str(a, 'data', path, { max: 300 });
      str(a, 'displayText', path, { optional: true });
      break;
    case 'message':
      str(a, 'label', path, { max: labelMax, optional: labelOptional });
      str(a, 'text', path, { optional: true });
      str(a, 'postback', path, { max: 300, optional: true });
      break;
    case 'uri':
      str(a, 'label', path, { max: labelMax, optional: labelOptional });
      str(a, 'uri', path);
      break;
    case 'copy':
      str(a, 'label', path, { max: labelMax, optional: labelOptional });
      str(a, 'copyText', path);
      break;
    default:
      // camera / cameraRoll / location take only a label.
      str(a, 'label', path, { max: labelMax });
  }
}

export function validateActionList(value: unknown, path: string, place: ActionPlace, max: number): void {
  if (!Array.isArray(value)) throw new InvalidParameter(path, 'must be an array');
  if (value.length > max) throw new InvalidParameter(path, `must have at most ${max} items`);
  value.forEach((a, i) => {
    validateAction(a, `${path}[${i}]`, place);
  });
}
