import fc from 'fast-check';
import { countChanges, diffLines, hasChanges, splitLines, withContext, type DiffLine } from './line-diff';

const text = (lines: string[]) => lines.join('\n');
const short = (lines: DiffLine[]) => lines.map((l) => `${{ same: ' ', added: '+', removed: '-' }[l.kind]}${l.text}`);

describe('splitLines', () => {
  it('reads CRLF and CR as LF, and a final line break ends the last line', () => {
    expect(splitLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('diffLines', () => {
  it('keeps what both texts share and marks the rest', () => {
    expect(short(diffLines(text(['# Policy', 'one', 'two', 'three']), text(['# Policy', 'one', '2', 'three', 'four'])))).toEqual([
      ' # Policy',
      ' one',
      '-two',
      '+2',
      ' three',
      '+four',
    ]);
  });

  it('finds the longest common subsequence, not just the common start and end', () => {
    const lines = diffLines(text(['a', 'b', 'c', 'a', 'b', 'b', 'a']), text(['c', 'b', 'a', 'b', 'a', 'c']));
    expect(lines.filter((l) => l.kind === 'same')).toHaveLength(4);
    expect(countChanges(lines)).toEqual({ added: 2, removed: 3 });
  });

  it('shows a text against nothing as all added, and nothing against a text as all removed', () => {
    expect(short(diffLines('', 'a\nb'))).toEqual(['+a', '+b']);
    expect(short(diffLines('a\nb', ''))).toEqual(['-a', '-b']);
    expect(diffLines('', '')).toEqual([]);
  });

  it('reports no change for the same text, whatever its line breaks', () => {
    expect(hasChanges(diffLines('a\r\nb\r\n', 'a\nb'))).toBe(false);
    expect(hasChanges(diffLines('a\nb', 'a\nc'))).toBe(true);
  });

  it('falls back to removed-then-added when the table would be too large, keeping the common start and end', () => {
    expect(short(diffLines(text(['x', 'a', 'b', 'y']), text(['x', 'b', 'a', 'y']), 3))).toEqual([' x', '-a', '-b', '+b', '+a', ' y']);
  });

  it('rebuilds both texts and keeps a common subsequence of the greatest length (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 25 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const diff = diffLines(a.join('\n'), b.join('\n'));
        const before = diff.filter((l) => l.kind !== 'added').map((l) => l.text);
        const after = diff.filter((l) => l.kind !== 'removed').map((l) => l.text);
        expect(before).toEqual(splitLines(a.join('\n')));
        expect(after).toEqual(splitLines(b.join('\n')));
        expect(diff.filter((l) => l.kind === 'same')).toHaveLength(lcsLength(splitLines(a.join('\n')), splitLines(b.join('\n'))));
      }),
    );
  });
});

describe('withContext', () => {
  it('keeps the changes with three lines around them and counts what it leaves out', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[10] = 'changed';
    const shown = withContext(diffLines(text(before), text(after)));
    expect(shown[0]).toEqual({ kind: 'gap', count: 7 });
    expect(shown.filter((l) => l.kind !== 'gap')).toHaveLength(8);
    expect(shown[shown.length - 1]).toEqual({ kind: 'gap', count: 6 });
  });

  it('leaves nothing out of a text without unchanged runs, and everything out of an unchanged one', () => {
    expect(withContext(diffLines('a', 'b'))).toEqual([
      { kind: 'removed', text: 'a' },
      { kind: 'added', text: 'b' },
    ]);
    expect(withContext(diffLines('a\nb', 'a\nb'))).toEqual([{ kind: 'gap', count: 2 }]);
  });
});

function lcsLength(a: string[], b: string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) table[i][j] = a[i - 1] === b[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
  }
  return table[a.length][b.length];
}
