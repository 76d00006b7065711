/** One line of a line diff: in both texts, only in the new one, or only in the old one. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A run of unchanged lines left out of a shown diff. */
export interface DiffGap {
  kind: 'gap';
  count: number;
}

/**
 * Above this many table cells (old lines × new lines, once the common start and end are set
 * aside) the middle is shown as removed then added, instead of spending memory on the table.
 */
export const MAX_TABLE_CELLS = 4_000_000;

/** Lines of a text: CRLF and CR read as LF, and a final line break ends the last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/gu, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The lines of `before` and `after` as a shortest edit: the longest common subsequence of lines
 * stays, the rest is removed or added, removals before additions where they meet.
 */
export function diffLines(before: string, after: string, maxCells = MAX_TABLE_CELLS): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (lines: string[]): DiffLine[] => lines.map((text) => ({ kind: 'same', text }));
  return [...same(a.slice(0, start)), ...middle(a.slice(start, endA), b.slice(start, endB), maxCells), ...same(a.slice(endA))];
}

function middle(a: string[], b: string[], maxCells: number): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > maxCells) {
    return [...a.map((text): DiffLine => ({ kind: 'removed', text })), ...b.map((text): DiffLine => ({ kind: 'added', text }))];
  }
  // lcs[i * (m + 1) + j]: the longest common subsequence of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i++] });
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      lines.push({ kind: 'removed', text: a[i++] });
    } else {
      lines.push({ kind: 'added', text: b[j++] });
    }
  }
  return lines;
}

/** Whether the two texts differ at all, line by line. */
export function hasChanges(lines: DiffLine[]): boolean {
  return lines.some((line) => line.kind !== 'same');
}

/**
 * The changed lines with `context` unchanged lines around each change; longer unchanged runs
 * become a gap that says how many lines it leaves out.
 */
export function withContext(lines: DiffLine[], context = 3): Array<DiffLine | DiffGap> {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) near[k] = true;
  });
  const shown: Array<DiffLine | DiffGap> = [];
  let gap = 0;
  lines.forEach((line, index) => {
    if (near[index]) {
      if (gap > 0) shown.push({ kind: 'gap', count: gap });
      gap = 0;
      shown.push(line);
    } else {
      gap++;
    }
  });
  if (gap > 0) shown.push({ kind: 'gap', count: gap });
  return shown;
}

/** How many lines were added and removed. */
export function countChanges(lines: DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((line) => line.kind === 'added').length,
    removed: lines.filter((line) => line.kind === 'removed').length,
  };
}
