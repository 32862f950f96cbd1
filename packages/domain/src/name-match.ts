/**
 * Matching people's names as staff type them: in Cyrillic or Latin letters, with or without diacritics, with a
 * letter or two wrong. Names are compared in one folded Latin spelling (`foldName`): Cyrillic (Russian and
 * Kazakh) is transliterated, and spellings that sound alike are brought together (j/y, x/ks, kh/h, w/v, …).
 * Pure functions: the search and the duplicate check both use them.
 */

// prettier-ignore
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kazakh
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/** Latin spellings of one sound, brought to one (applied in order, after transliteration). */
const ALIKE: Array<[RegExp, string]> = [
  [/shch/g, 'sh'],
  [/x/g, 'ks'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/j/g, 'y'],
  [/ck/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/q/g, 'k'],
  [/kh/g, 'h'],
  [/ts/g, 'c'],
  // A vowel before another takes a y between (Mariya, Maria; Yuliya, Julia): dropped everywhere.
  [/([aeiouy])y(?=[aeiou])/g, '$1'],
  [/iy\b/g, 'i'],
  [/([a-z])\1/g, '$1'],
];

/** A name in one folded Latin spelling: lower case, no diacritics, Cyrillic transliterated, alike spellings joined. */
export function foldName(name: string): string {
  let s = name
    .toLowerCase()
    .replace(/[\u0400-\u04ff]/g, (ch) => CYRILLIC[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z\s-]/g, ' ');
  for (const [from, to] of ALIKE) s = s.replace(from, to);
  return s.replace(/[\s-]+/g, ' ').trim();
}

/** The three-letter pieces of each word of a folded name (with the word's edges), which the search index keeps. */
export function trigramsOf(folded: string): string[] {
  const grams = new Set<string>();
  for (const word of folded.split(' ').filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return [...grams];
}

/** The edit distance between two strings (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Typos forgiven in a word asked for of this many letters: none in a short one, one in a middling one, two in a long one. */
const forgiven = (length: number) => (length <= 3 ? 0 : length <= 7 ? 1 : 2);

/**
 * Whether a name matches what was asked: each word asked for is one of the name's words (or the start of one,
 * for two or more letters), with a typo or two forgiven in longer words, in whatever order and script.
 */
export function nameMatches(asked: string, name: string): boolean {
  const words = foldName(name).split(' ').filter(Boolean);
  const wanted = foldName(asked).split(' ').filter(Boolean);
  if (wanted.length === 0) return false;
  return wanted.every((w) => words.some((n) => editDistance(w, n) <= forgiven(w.length) || (w.length >= 2 && n.startsWith(w))));
}

/**
 * Whether two full names are one person's, as far as names go: every word of the shorter (two at least) in the
 * longer, one typo forgiven in a word of four letters or more. Stricter than the search: it flags a duplicate.
 */
export function sameName(a: string, b: string): boolean {
  const [shorter, longer] = foldName(a).split(' ').length <= foldName(b).split(' ').length ? [a, b] : [b, a];
  const words = foldName(longer).split(' ').filter(Boolean);
  const wanted = foldName(shorter).split(' ').filter(Boolean);
  return wanted.length >= 2 && wanted.every((w) => words.some((n) => editDistance(w, n) <= (w.length >= 4 ? 1 : 0)));
}

/** A document number as compared: letters and digits only, upper case, Cyrillic letters transliterated. */
export const foldDocument = (number: string): string =>
  number
    .toLowerCase()
    .replace(/[\u0400-\u04ff]/g, (ch) => CYRILLIC[ch] ?? ch)
    .replace(/[^a-z0-9]/g, '')
    .toUpperCase();
