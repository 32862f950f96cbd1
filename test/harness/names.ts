import { randomInt } from 'node:crypto';

/** Letters of one sound in either script: a surname made of them is typed in Latin exactly as it transliterates. */
// prettier-ignore
const LETTERS: Array<[string, string]> = [
  ['б', 'b'], ['в', 'v'], ['г', 'g'], ['д', 'd'], ['к', 'k'], ['л', 'l'], ['м', 'm'], ['н', 'n'], ['п', 'p'], ['р', 'r'], ['с', 's'], ['т', 't'],
  ['а', 'a'], ['о', 'o'], ['у', 'u'],
];

/** A surname stem of this run's own (consonant, vowel, …), in Cyrillic and in Latin. */
export function stem(): { cyrillic: string; latin: string } {
  const picks = Array.from({ length: 6 }, (_, i) => LETTERS[i % 2 === 0 ? randomInt(12) : 12 + randomInt(3)]!);
  return { cyrillic: picks.map(([c]) => c).join(''), latin: picks.map(([, l]) => l).join('') };
}
