import type { Service } from '../catalogue/index.ts';
import { editsWithin } from './distance.ts';
import type { Entry, Prepared } from './entries.ts';

/** A service's best score in one stage; higher is better. */
export type Scores = Map<Service, number>;

/**
 * Exact stage. A synonym matches when its normalised form appears in the text, or, for a synonym of
 * several words, when each of its words appears somewhere in the text in any order ("조회 TG day"
 * meets "tgday 조회"). Either way it scores its own length, so the longest synonym found wins:
 * "티지데이 조회할래" holds both "티지데이" (4) and "티지데이조회" (6), and the lookup wins.
 */
export function exactScores(text: Prepared, entries: Entry[]): Scores {
  const scores: Scores = new Map();
  for (const entry of entries) {
    const inOrder = entry.forms.some((f) => text.forms.some((t) => t.includes(f)));
    const anyOrder =
      entry.words.length > 1 && text.forms.some((t) => entry.words.every((w) => t.includes(w)));
    if (inOrder || anyOrder) keepBest(scores, entry.service, entry.length);
  }
  return scores;
}

/** Synonyms shorter than this match only exactly: one edit in two syllables too often makes another word (휴가/휴게). */
const MIN_FUZZY_LENGTH = 3;

/** Latin-only synonyms shorter than this match only exactly: "tgday" is one letter from "today". */
const MIN_FUZZY_LATIN = 6;

const LATIN_ONLY = /^[a-z0-9]+$/;

/**
 * Typo stage: a synonym matches inside the text with at most 1 edit (synonyms up to 5 characters)
 * or 2 (longer), counted on jamo. Fewer edits score higher; at equal edits the longer synonym wins.
 */
export function typoScores(text: Prepared, entries: Entry[]): Scores {
  const scores: Scores = new Map();
  for (const entry of entries) {
    if (entry.length < MIN_FUZZY_LENGTH) continue;
    if (entry.length < MIN_FUZZY_LATIN && entry.forms.every((f) => LATIN_ONLY.test(f))) continue;
    const limit = entry.length <= 5 ? 1 : 2;
    const edits = Math.min(...entry.jamo.flatMap((p) => text.jamo.map((t) => editsWithin(p, t))));
    if (edits <= limit) keepBest(scores, entry.service, (limit + 1 - edits) * 1000 + entry.length);
  }
  return scores;
}

/**
 * Words stage: pieces the text shares with a service's synonyms. Hangul counts by two-syllable
 * pieces ("주간보고서" shares "보고" with "업무보고"); Latin by whole words of 4+ letters, because
 * "get" or "day" on their own say nothing. One shared piece is enough; the bot asks before acting.
 */
export function wordScores(text: Prepared, entries: Entry[]): Scores {
  const wanted = piecesOf(text.words);
  const scores: Scores = new Map();
  const byService = new Map<Service, Set<string>>();
  for (const entry of entries) {
    const pieces = byService.get(entry.service) ?? new Set();
    for (const piece of piecesOf(entry.words)) pieces.add(piece);
    byService.set(entry.service, pieces);
  }
  for (const [service, pieces] of byService) {
    const shared = [...wanted].filter((p) => pieces.has(p)).length;
    if (shared > 0) scores.set(service, shared);
  }
  return scores;
}

function piecesOf(words: string[]): Set<string> {
  const pieces = new Set<string>();
  for (const word of words) {
    for (const run of word.match(/[\uac00-\ud7a3]+|[a-z0-9]+/g) ?? []) {
      if (/^[a-z0-9]/.test(run)) {
        if (run.length >= 4) pieces.add(run);
        continue;
      }
      const chars = [...run];
      for (let i = 0; i + 1 < chars.length; i++) pieces.add(chars[i]! + chars[i + 1]!);
    }
  }
  return pieces;
}

function keepBest(scores: Scores, service: Service, score: number): void {
  scores.set(service, Math.max(scores.get(service) ?? 0, score));
}
