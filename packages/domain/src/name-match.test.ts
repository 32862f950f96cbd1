import { editDistance, foldDocument, foldName, nameMatches, sameName, trigramsOf } from './name-match';

describe('matching names as staff type them', () => {
  it('folds Cyrillic and Latin spellings of one name together', () => {
    expect(foldName('Иванова Мария Петровна')).toBe(foldName('Ivanova Maria Petrovna'));
    expect(foldName('Юлия Хасанова')).toBe(foldName('Julia Khasanova'));
    expect(foldName('Александр')).toBe(foldName('Alexandr'));
    expect(foldName('Әлия Қасымова')).toBe(foldName('Aliya Kasymova'));
    expect(foldName('Zoë  Müller-Schmidt')).toBe('zoe muler shmidt');
  });

  it('finds a name by part of it, in either script, with a typo forgiven in a longer word', () => {
    expect(nameMatches('Иванова', 'Ivanova Maria Petrovna')).toBe(true);
    expect(nameMatches('ivanva maria', 'Иванова Мария Петровна')).toBe(true); // a letter missing
    expect(nameMatches('Ivnaova', 'Иванова Мария')).toBe(true); // two letters swapped
    expect(nameMatches('Sidorova', 'Иванова Мария Петровна')).toBe(false);
    expect(nameMatches('Iva', 'Ivanova Maria')).toBe(true); // the start of a word
    expect(nameMatches('Ola', 'Olga Smirnova')).toBe(false); // no typo forgiven in three letters
    expect(nameMatches('', 'Olga Smirnova')).toBe(false);
  });

  it('says two full names are one person’s only when every word of the shorter is in the longer', () => {
    expect(sameName('Иванова Мария', 'Ivanova Mariya Petrovna')).toBe(true);
    expect(sameName('Ivanova Maria', 'Ivanova Olga')).toBe(false);
    expect(sameName('Ivanova', 'Ivanova Maria')).toBe(false); // one word is not enough to say so
    expect(sameName('Ivanva Maria', 'Ivanova Maria')).toBe(true); // a letter missing
    expect(sameName('Ivanova Maria', 'Ivanina Maria')).toBe(false); // two letters: another family
  });

  it('cuts a folded name into the three-letter pieces the index keeps', () => {
    expect(trigramsOf('ana li')).toEqual(['  a', ' an', 'ana', 'na ', '  l', ' li', 'li ']);
  });

  it('counts edits, a swap of two letters as one', () => {
    expect(editDistance('maria', 'mraia')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('compares document numbers by their letters and digits', () => {
    expect(foldDocument('40 12 №345678')).toBe('4012345678');
    expect(foldDocument('N-ab 123')).toBe(foldDocument('nab123'));
  });
});
