import { finalOf, isSyllable } from './hangul.ts';

/** Verb endings and fillers people add after naming a service ("등록할래", "조회해줘", "좀"). Longest first. */
const ENDINGS = [
  '하고싶어요',
  '하고싶어',
  '해주세요',
  '할께요',
  '할게요',
  '할래요',
  '해줘요',
  '해줘',
  '할께',
  '할게',
  '할래',
  '에서',
  '좀',
  '에',
  '요',
];

/** Words that say nothing on their own once split off ("좀 해줘", "할게요"). */
const FILLERS = new Set([...ENDINGS, '줘', '주세요', '해']);

/**
 * Particles that depend on the sound before them: 을/은/이/으로 follow a final consonant, 를/는/가/로
 * follow a vowel (로 also ㄹ). Checking this keeps the 이 of "데이" and the 로 of "도로" where they are
 * part of the word. After a Latin letter either form can appear ("tgday를", "GET을").
 */
const PARTICLES: [string, (final: ReturnType<typeof finalOf>) => boolean][] = [
  ['으로', (f) => f === 'other' || f === null],
  ['을', (f) => f !== 'none'],
  ['은', (f) => f !== 'none'],
  ['이', (f) => f !== 'none'],
  ['를', (f) => f !== 'other' && f !== 'rieul'],
  ['는', (f) => f !== 'other' && f !== 'rieul'],
  ['가', (f) => f !== 'other' && f !== 'rieul'],
  ['로', (f) => f !== 'other'],
];

/** Lowercase, half-width, NFC words with punctuation gone and trailing particles and endings removed. */
export function normalisedWords(text: string): string[] {
  const clean = halfWidth(text.normalize('NFC')).toLowerCase();
  return clean
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .split(/\s+/)
    .map(stripEndings)
    .filter((w) => w !== '');
}

/** `normalisedWords` joined without spaces, so "티지 데이" = "티지데이" and "TG day" = "tgday". */
export function normalise(text: string): string {
  return normalisedWords(text).join('');
}

function halfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

function stripEndings(word: string): string {
  if (FILLERS.has(word)) return '';
  // Two rounds cover an ending after a particle ("티지데이를요"); more would eat into the word.
  let current = word;
  for (let round = 0; round < 2; round++) {
    const next = stripOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

// A single syllable left over is too little to tell a particle from the word's own end: 휴가 is "leave",
// not 휴 + 가, so stripping stops once only one character would remain.
const MIN_STEM = 2;

function stripOnce(word: string): string {
  for (const ending of ENDINGS) {
    if (word.length - ending.length >= MIN_STEM && word.endsWith(ending))
      return word.slice(0, -ending.length);
  }
  for (const [particle, fits] of PARTICLES) {
    if (word.length - particle.length < MIN_STEM || !word.endsWith(particle)) continue;
    const before = word.at(-particle.length - 1);
    if (fits(finalOf(before))) return word.slice(0, -particle.length);
  }
  return word;
}

/** How Korean speakers read Latin letters, so "tg데이" can meet "티지데이". */
const LETTER_NAMES: Record<string, string> = {
  a: '에이',
  b: '비',
  c: '씨',
  d: '디',
  e: '이',
  f: '에프',
  g: '지',
  h: '에이치',
  i: '아이',
  j: '제이',
  k: '케이',
  l: '엘',
  m: '엠',
  n: '엔',
  o: '오',
  p: '피',
  q: '큐',
  r: '알',
  s: '에스',
  t: '티',
  u: '유',
  v: '브이',
  w: '더블유',
  x: '엑스',
  y: '와이',
  z: '제트',
};

/**
 * Spells out short Latin runs (1–3 letters) that touch Hangul: "tg데이" → "티지데이". Only next to
 * Hangul, because there the letters are almost always an acronym read aloud; "tgday" stays as it is.
 */
export function spellAcronyms(normalised: string): string {
  return normalised.replace(/[a-z]+/g, (run, at: number) => {
    const touches = isSyllable(normalised[at - 1]) || isSyllable(normalised[at + run.length]);
    if (run.length > 3 || !touches) return run;
    return [...run].map((c) => LETTER_NAMES[c]).join('');
  });
}
