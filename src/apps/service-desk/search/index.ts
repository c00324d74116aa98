import type { Service } from '../catalogue/index.ts';
import { entriesOf, prepare } from './entries.ts';
import { normalise } from './normalise.ts';
import { exactScores, type Scores, typoScores, wordScores } from './stages.ts';

export { normalise, normalisedWords, spellAcronyms } from './normalise.ts';

export type Match =
  | { kind: 'found'; service: Service; how: 'synonym' | 'typo' | 'words' }
  /** "Did you mean": only when two or more services tie for the best score of a stage. */
  | { kind: 'tie'; services: Service[] }
  | { kind: 'none' };

/** Whole messages that only greet or thank: they never name a service, however the stages score them. */
const GREETING_WORDS = [
  '안녕',
  '안녕하세요',
  '하이',
  '반가워',
  '반갑습니다',
  '고마워',
  '감사합니다',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thankyou',
];
// Normalised like the messages they are compared with ("안녕하세요" loses its 요 too).
const GREETINGS = new Set(GREETING_WORDS.map(normalise));

const STAGES = [
  ['synonym', exactScores],
  ['typo', typoScores],
  ['words', wordScores],
] as const;

/** Finds the service a free-text message names: exact synonyms first, then typos, then shared words. */
export function createSearch(services: Service[]): { find(text: string): Match } {
  const entries = entriesOf(services);
  return {
    find(text: string): Match {
      const prepared = prepare(text);
      if (prepared.length === 0 || prepared.forms.some((f) => GREETINGS.has(f))) return { kind: 'none' };
      for (const [how, stage] of STAGES) {
        const match = decide(stage(prepared, entries), services, how);
        if (match) return match;
      }
      return { kind: 'none' };
    },
  };
}

/** The best-scoring service, a tie between several (in catalogue order), or null when the stage found nothing. */
function decide(scores: Scores, services: Service[], how: 'synonym' | 'typo' | 'words'): Match | null {
  if (scores.size === 0) return null;
  const best = Math.max(...scores.values());
  const top = services.filter((s) => scores.get(s) === best);
  return top.length === 1 ? { kind: 'found', service: top[0]!, how } : { kind: 'tie', services: top };
}
