// Precomposed Hangul syllables are computed from three letters (jamo): lead × 588 + vowel × 28 + tail.
const FIRST = 0xac00;
const LAST = 0xd7a3;
const TAIL_RIEUL = 8; // ㄹ as a final consonant

function syllableIndex(char: string | undefined): number | null {
  const code = char?.codePointAt(0);
  return code !== undefined && code >= FIRST && code <= LAST ? code - FIRST : null;
}

export function isSyllable(char: string | undefined): boolean {
  return syllableIndex(char) !== null;
}

/** The syllable's final consonant: 'none', 'rieul' (ㄹ) or 'other'; null for anything that is not a syllable. */
export function finalOf(char: string | undefined): 'none' | 'rieul' | 'other' | null {
  const index = syllableIndex(char);
  if (index === null) return null;
  const tail = index % 28;
  return tail === 0 ? 'none' : tail === TAIL_RIEUL ? 'rieul' : 'other';
}

/**
 * Splits text into letters, Hangul syllables into their two or three jamo, so that one wrong vowel
 * (데/대) is one edit rather than a whole different character.
 */
export function toJamo(text: string): string[] {
  const out: string[] = [];
  for (const char of text) {
    const index = syllableIndex(char);
    if (index === null) {
      out.push(char);
      continue;
    }
    out.push(String.fromCharCode(0x1100 + Math.floor(index / 588)));
    out.push(String.fromCharCode(0x1161 + Math.floor((index % 588) / 28)));
    if (index % 28 !== 0) out.push(String.fromCharCode(0x11a7 + (index % 28)));
  }
  return out;
}
