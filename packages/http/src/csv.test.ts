import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows with CRLF, numbers as numbers, null as empty', () => {
    expect(
      toCsv(
        ['district', 'closed'],
        [
          ['spb-nevsky', 3],
          ['total', null],
        ],
      ),
    ).toBe('district,closed\r\nspb-nevsky,3\r\ntotal,\r\n');
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(toCsv(['a'], [['x,y'], ['say "hi"'], ['=SUM(A1)'], ['-1+2']])).toBe('a\r\n"x,y"\r\n"say ""hi"""\r\n\'=SUM(A1)\r\n\'-1+2\r\n');
    expect(toCsv(['n'], [[-1]])).toBe('n\r\n-1\r\n');
  });
});
