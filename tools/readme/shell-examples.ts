// The README's shell examples as a script: every ```sh block runs, in order, in one shell, unless
// an HTML comment right above it says `<!-- example not run: <why> -->`. So a new example is run
// by the walk-through test (local-stack.e2e-spec.ts) unless someone says why it cannot be.

export interface ShellExample {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** Why it is not run, when it is not. */
  notRun?: string;
}

/** One API call of the walk-through: the logical line (continuations joined) and the status its comment promises, if any. */
export interface ExpectedCall {
  command: string;
  status?: number;
}

const NOT_RUN = /^<!--\s*example not run:\s*(.+?)\s*-->$/;

export function shellExamples(markdown: string): ShellExample[] {
  const lines = markdown.split('\n');
  const examples: ShellExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`README line ${i + 1}: a \`\`\`sh block is never closed`);
    const notRun = NOT_RUN.exec((lines[i - 1] ?? '').trim())?.[1];
    examples.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n'), ...(notRun ? { notRun } : {}) });
    i = end;
  }
  return examples;
}

/** Logical command lines: a trailing backslash continues the line. */
function logicalLines(code: string): string[] {
  return code.replace(/\\\n/g, ' ').split('\n');
}

/**
 * The calls to the API (`$api`) in the order the script makes them, each with the status its
 * comment states (`# 202 ...`). The walk-through has no loop around an API call, so text order is
 * the order of the requests.
 */
export function expectedApiCalls(examples: ShellExample[]): ExpectedCall[] {
  return examples
    .filter((e) => !e.notRun)
    .flatMap((e) => logicalLines(e.code))
    .filter((l) => /\bcurl\b/.test(l) && /\$api\b|\$\{api\}/.test(l))
    .map((command) => {
      const status = /\s#\s*(\d{3})\b/.exec(command)?.[1];
      return { command: command.trim(), ...(status ? { status: Number(status) } : {}) };
    });
}

/** The marker curl writes to stderr after every request (see `walkThroughScript`). */
export const STATUS_MARKER = 'readme-example-status';

/**
 * The examples to run as one bash script. It stops at the first failing command (`set -e`), and
 * every curl also reports its status and URL on stderr, so the test sees each answer without
 * changing what the examples print.
 */
export function walkThroughScript(examples: ShellExample[]): string {
  return [
    'set -eo pipefail',
    `curl() { command curl -w '%{stderr}${STATUS_MARKER} %{http_code} %{url_effective}\\n' "$@"; }`,
    ...examples.filter((e) => !e.notRun).map((e) => `# README line ${e.line}\n${e.code}`),
  ].join('\n');
}

export interface ObservedCall {
  status: number;
  url: string;
}

export function observedCalls(stderr: string): ObservedCall[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith(`${STATUS_MARKER} `))
    .map((l) => {
      const [, status, url] = l.split(' ');
      return { status: Number(status), url };
    });
}
