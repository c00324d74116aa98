import type { PortableMessage } from '../../contracts/message.ts';
import { cardOf, envelopeOf, type TeamsEnvelope } from './card.ts';

/**
 * Workflows and Teams refuse a message over about 28 KB, everything included. A little under that
 * leaves room for what the flow adds around the card.
 */
export const MAX_BODY_BYTES = 27 * 1024;

/** Text kept at least this long while facts are dropped; past that, the text is cut further. */
const TEXT_FLOOR = 2_000;

export function bodyBytes(envelope: TeamsEnvelope): number {
  return Buffer.byteLength(JSON.stringify(envelope), 'utf8');
}

/**
 * The envelope for a portable message, shortened to fit: an alert too long for Teams is better
 * delivered cut, with a note saying how much is missing, than refused. First the text is cut (to
 * TEXT_FLOOR), then facts go from the end, then the text is cut to whatever still fits.
 */
export function fittedEnvelope(message: PortableMessage, limit = MAX_BODY_BYTES): TeamsEnvelope {
  const whole = envelopeOf(cardOf(message));
  if (bodyBytes(whole) <= limit) return whole;
  const chars = Array.from(message.text);
  const fields = message.fields ?? [];
  const build = (textChars: number, factCount: number): TeamsEnvelope => {
    const shortened: PortableMessage = {
      ...message,
      text: textChars < chars.length ? `${chars.slice(0, textChars).join('')}…` : message.text,
      ...(message.fields ? { fields: fields.slice(0, factCount) } : {}),
    };
    const omitted = { facts: fields.length - factCount, characters: chars.length - textChars };
    return envelopeOf(cardOf(shortened, omitted));
  };
  const fits = (textChars: number, factCount: number) => bodyBytes(build(textChars, factCount)) <= limit;

  let facts = fields.length;
  const floor = Math.min(chars.length, TEXT_FLOOR);
  if (fits(floor, facts))
    return build(
      longestText(floor, chars.length, (n) => fits(n, facts)),
      facts,
    );
  while (facts > 0 && !fits(floor, facts)) facts--;
  if (fits(floor, facts))
    return build(
      longestText(floor, chars.length, (n) => fits(n, facts)),
      facts,
    );
  // Even the floor does not fit (a huge title or many links): keep what text still fits, maybe none.
  return build(
    longestText(0, floor, (n) => fits(n, 0)),
    0,
  );
}

/** The largest n in [low, high] with fits(n), given fits is monotone (false past some point); low if none. */
function longestText(low: number, high: number, fits: (n: number) => boolean): number {
  let lo = low;
  let hi = high;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
