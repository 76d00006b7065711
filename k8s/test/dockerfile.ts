/**
 * Reading the Dockerfile and its build context for k8s/image-build.spec.ts, without a Docker
 * engine: instructions per stage, the context as .dockerignore leaves it (Docker's own matching,
 * @balena/dockerignore), and an emulated build stage. Nothing here asserts: the spec does.
 */
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { REPO_ROOT } from './manifests';

export const DOCKERFILE = join(REPO_ROOT, 'Dockerfile');
export const DOCKERIGNORE = join(REPO_ROOT, '.dockerignore');

// ---- Dockerfile -------------------------------------------------------------------------------

export interface Instruction {
  keyword: string;
  /** The rest of the line, continuation lines joined. */
  args: string;
  line: number;
}

export interface Copy {
  from?: string;
  sources: string[];
  dest: string;
  line: number;
}

export interface Stage {
  name: string;
  base: string;
  workdir: string;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Instructions in order: comments and blank lines dropped, `\` continuations joined. */
export function instructionsOf(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continued = /\\\s*$/.test(raw);
    const part = continued ? raw.replace(/\\\s*$/, '') : raw;
    pending = pending ? { ...pending, text: `${pending.text}${part}` } : { text: part, line: index + 1 };
    if (continued) return;
    const match = /^\s*(\S+)\s*(.*)$/s.exec(pending.text);
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    const stage = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const [base, as, name] = instruction.args.split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : String(stages.length), base: substitute(base, globalArgs), workdir: '/', instructions: [] });
    } else if (!stage) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: ${instruction.keyword} before FROM`);
      const [name, value = ''] = instruction.args.split('=');
      globalArgs[name] = value;
    } else {
      if (instruction.keyword === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, instruction.args);
      stage.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `${NAME}` and `$NAME` replaced from `vars`. */
export const substitute = (value: string, vars: Record<string, string>): string =>
  value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => vars[braced ?? bare ?? ''] ?? whole);

/** COPY and ADD of a stage: flags, sources and destination (shell or JSON form). */
export function copiesOf(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => {
      const words: string[] = i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '', line: i.line };
    });
}

/** An exec-form (JSON) CMD or ENTRYPOINT of a stage, the last one winning. */
export function execForm(stage: Stage, keyword: 'CMD' | 'ENTRYPOINT'): string[] | undefined {
  const last = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
  return last ? (JSON.parse(last.args) as string[]) : undefined;
}

/** The default of a stage's `ARG NAME=default`. */
export function stageArg(stage: Stage, name: string): string | undefined {
  const arg = stage.instructions.find((i) => i.keyword === 'ARG' && i.args.split('=')[0] === name);
  return arg?.args.split('=').slice(1).join('=');
}

// ---- build context ----------------------------------------------------------------------------

/** Every file of the working tree that git tracks or would track (untracked, not git-ignored). */
export function workingTreeFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  return [...new Set(out.toString('utf8').split('\0').filter(Boolean))].filter((file) => existsSync(join(REPO_ROOT, file))).sort();
}

/** Docker's .dockerignore matcher for this repository's file. */
export function dockerignoreMatcher(text = readFileSync(DOCKERIGNORE, 'utf8')): (path: string) => boolean {
  const ig = dockerignore({ ignorecase: false }).add(text.split('\n'));
  return (path) => ig.ignores(path);
}

/** The context files under one COPY source (a file or a folder), as Docker would send them. */
export const filesUnder = (source: string, files: readonly string[]): string[] => {
  const clean = posix.normalize(source).replace(/\/$/, '');
  return files.filter((f) => clean === '.' || f === clean || f.startsWith(`${clean}/`));
};

/** Where each file of a COPY lands (paths relative to `/`), Docker's rules for files and folders. */
export function copyTargets(copy: Copy, workdir: string, contextFiles: readonly string[]): Map<string, string> {
  const dest = posix.resolve(workdir, copy.dest);
  const intoDir = copy.dest.endsWith('/') || copy.sources.length > 1;
  const targets = new Map<string, string>();
  for (const source of copy.sources) {
    const clean = posix.normalize(source).replace(/\/$/, '');
    for (const file of filesUnder(clean, contextFiles)) {
      const target = file === clean ? (intoDir ? posix.join(dest, posix.basename(file)) : dest) : posix.join(dest, posix.relative(clean, file));
      targets.set(target.slice(1), file);
    }
  }
  return targets;
}

// ---- emulated build stage ---------------------------------------------------------------------

/** RUNs that install dependencies: stood in for by the repository's node_modules. */
export const isDependencyInstall = (command: string): boolean => /^npm (ci|install)\b/.test(command.trim());

/**
 * Runs a stage in `dir` (its WORKDIR) from the filtered context: COPY as Docker would, dependency
 * installs replaced by a link to the repository's node_modules, every other RUN for real.
 * Returns the commands run.
 */
export function emulateStage(stage: Stage, dir: string, context: readonly string[]): string[] {
  const run: string[] = [];
  mkdirSync(dir, { recursive: true });
  const workdir = stage.workdir;
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'COPY') {
      const [copy] = copiesOf({ ...stage, instructions: [instruction] });
      if (copy.from) throw new Error(`line ${copy.line}: COPY --from in the emulated stage ${stage.name}`);
      for (const [target, file] of copyTargets(copy, workdir, context)) {
        const out = join(dir, posix.relative(workdir.slice(1), target));
        mkdirSync(dirname(out), { recursive: true });
        cpSync(join(REPO_ROOT, file), out);
      }
    } else if (instruction.keyword === 'RUN') {
      for (const command of instruction.args.split(/\s*&&\s*(?=npm )/)) {
        if (isDependencyInstall(command) || /^npm cache clean\b/.test(command.trim())) {
          if (/^npm ci\b/.test(command.trim()) && !existsSync(join(dir, 'node_modules'))) symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
          continue;
        }
        execFileSync('sh', ['-c', command], { cwd: dir, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' }, timeout: 240_000 });
        run.push(command);
      }
    }
  }
  return run;
}

/** Every file under `dir`, relative to it, not following the node_modules link. */
export function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules') return [];
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, posix.join(prefix, name)) : [posix.join(prefix, name)];
  });
}

// ---- module graph -----------------------------------------------------------------------------

const BUILTINS = new Set(builtinModules);

/** The npm package a bare specifier names (`@scope/name/deep` → `@scope/name`). */
export const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

export const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]);

export interface ModuleGraph {
  /** Files reached (relative to the image's WORKDIR). */
  files: Set<string>;
  /** Packages required by name (not relative, not Node's). */
  packages: Set<string>;
  /** Relative requires that resolve to no file of the image, as "file: specifier". */
  unresolved: string[];
}

/**
 * The compiled files an entry point loads, following `require("…")` with literal arguments (what
 * swc emits for imports), resolved within `files` (the image's files).
 */
export function moduleGraph(entry: string, root: string, files: ReadonlySet<string>): ModuleGraph {
  const graph: ModuleGraph = { files: new Set(), packages: new Set(), unresolved: [] };
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.files.has(file)) continue;
    graph.files.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(root, file), 'utf8');
    for (const [, specifier] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      if (specifier.startsWith('.')) {
        const base = posix.join(posix.dirname(file), specifier);
        const resolved = [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find((candidate) => files.has(candidate));
        if (resolved) queue.push(resolved);
        else graph.unresolved.push(`${file}: ${specifier}`);
      } else if (!isBuiltin(specifier)) {
        graph.packages.add(packageOf(specifier));
      }
    }
  }
  return graph;
}

/** The `node <script>` invocations in a command line (`node -e …` and flags skipped). */
export function nodeScripts(words: readonly string[]): string[] {
  const text = words.join(' ');
  return [...text.matchAll(/(?:^|[\s;&|(])(?:exec\s+)?node\s+((?:-r\s+\S+\s+)?)(["']?)([^\s"';-][^\s"';]*)\2/g)]
    .filter(([, register]) => !register)
    .map(([, , , script]) => script);
}
