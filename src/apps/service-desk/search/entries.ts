import type { Service } from '../catalogue/index.ts';
import { toJamo } from './hangul.ts';
import { normalisedWords, spellAcronyms } from './normalise.ts';

/** A text prepared once for matching: its words, its joined forms (as typed and with acronyms spelled out). */
export interface Prepared {
  words: string[];
  /** The joined normalised text first, then the acronym-spelled form when it differs. */
  forms: string[];
  jamo: string[][];
  length: number;
}

/** One synonym (or the service's name) of one service. */
export interface Entry extends Prepared {
  service: Service;
}

export function prepare(text: string): Prepared {
  const words = normalisedWords(text);
  const plain = words.join('');
  const forms = [...new Set([plain, spellAcronyms(plain)])];
  return { words, forms, jamo: forms.map(toJamo), length: [...plain].length };
}

/** Every non-empty synonym of every service, the name included: people type the name too. */
export function entriesOf(services: Service[]): Entry[] {
  return services.flatMap((service) =>
    [...new Set([service.name, ...service.synonyms])]
      .map((synonym) => ({ service, ...prepare(synonym) }))
      .filter((e) => e.length > 0),
  );
}
