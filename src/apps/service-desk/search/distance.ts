/**
 * The fewest edits (insert, delete, substitute, swap two neighbours: optimal-string-alignment
 * Damerau-Levenshtein) that turn `pattern` into some stretch of `text`. Starting and ending anywhere
 * in the text is free, so a synonym can be found inside a longer sentence.
 */
export function editsWithin(pattern: readonly string[], text: readonly string[]): number {
  let before: number[] = [];
  let previous: number[] = new Array(text.length + 1).fill(0);
  for (let i = 1; i <= pattern.length; i++) {
    const row = [i];
    for (let j = 1; j <= text.length; j++) {
      const same = pattern[i - 1] === text[j - 1];
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (same ? 0 : 1));
      const swapped = i > 1 && j > 1 && pattern[i - 1] === text[j - 2] && pattern[i - 2] === text[j - 1];
      if (swapped) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return Math.min(...previous);
}
