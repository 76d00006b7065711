/**
 * The image, checked without a Docker engine (none runs in CI, and Docker Hub's base images are
 * not reachable from it): the Dockerfile is parsed, its build context filtered by .dockerignore
 * with Docker's own matching rules, its build stage run for real on that context (`npm ci`
 * replaced by the repository's node_modules), and every entry point that docker-compose.yml and
 * the Kubernetes manifests start is looked for in the runtime stage's files, with everything it
 * loads. Slow (it runs `npm run build`, about a minute).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import {
  copiesOf,
  copyTargets,
  DOCKERFILE,
  dockerignoreMatcher,
  emulateStage,
  execForm,
  filesUnder,
  listFiles,
  moduleGraph,
  nodeScripts,
  parseDockerfile,
  stageArg,
  substitute,
  workingTreeFiles,
  type Stage,
} from './test/dockerfile';
import { loadCompose, loadK8sObjects, rel, REPO_ROOT } from './test/manifests';

const NODE_IMAGE = 'node:24-bookworm-slim';
/** The image every Kubernetes workload runs (the overlays' `images:` rewrite it). */
const IMAGE = 'sargs';

const dockerfile = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const ignored = dockerignoreMatcher();
const workingTree = workingTreeFiles();
/** The build context as the engine receives it. */
const context = workingTree.filter((file) => !ignored(file));
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name} in the Dockerfile`);
  return found;
};
const runtime = dockerfile.stages.at(-1) as Stage;

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
}

/** Every container of every Kubernetes workload (Deployments, Jobs, CronJobs), wherever nested. */
function containersIn(value: unknown, found: Container[] = []): Container[] {
  if (Array.isArray(value)) value.forEach((item) => containersIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(child)) found.push(...(child as Container[]));
      else containersIn(child, found);
    }
  }
  return found;
}

const k8sContainers = loadK8sObjects().flatMap(({ file, object }) =>
  containersIn(object).map((container) => ({ where: `${rel(file)} ${object.kind}/${object.metadata?.name} container ${container.name}`, container })),
);

/** What each compose service built from the Dockerfile runs: its command, else the image's CMD with its APP. */
function composeCommands(): { where: string; words: string[] }[] {
  const cmd = execForm(runtime, 'CMD') ?? [];
  return Object.entries(loadCompose().services)
    .filter(([, service]) => service.build)
    .map(([name, service]) => {
      const app = service.build?.args?.APP ?? stageArg(runtime, 'APP') ?? '';
      const words = service.command ? [service.command].flat() : cmd.map((word) => substitute(word, { APP: app }));
      return { where: `docker-compose.yml service ${name}`, words };
    });
}

describe('.dockerignore', () => {
  it.each(dockerfile.stages.flatMap((s) => copiesOf(s).filter((c) => !c.from).flatMap((c) => c.sources.map((source) => [`${s.name}: COPY ${source} (line ${c.line})`, source] as const))))(
    '%s: the source survives in the build context',
    (_, source) => {
      const inRepository = filesUnder(source, workingTree);
      const inContext = filesUnder(source, context);
      expect({ source, inRepository: inRepository.length > 0, inContext: inContext.length > 0 }).toEqual({ source, inRepository: true, inContext: true });
    },
  );

  it('keeps out secrets, local data, build output, dependencies and tests', () => {
    const outside = ['.env', '.git/HEAD', '.data/dev-secrets.json', 'node_modules/pg/package.json', 'dist/apps/gateway/src/main.js', 'apps/identity/test/identity.int-spec.ts', 'apps/identity/src/main.spec.ts', 'libs/testing/src/index.ts', 'k8s/README.md', 'docker-compose.yml', 'bench/main.ts'];
    expect(outside.filter((path) => !ignored(path))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  it(`bases every stage on ${NODE_IMAGE} (Node 24 LTS)`, () => {
    expect(dockerfile.stages.map((s) => s.base)).toEqual(dockerfile.stages.map(() => NODE_IMAGE));
  });

  it('has the stages deps, build and a runtime that starts through tini', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    expect(execForm(runtime, 'ENTRYPOINT')).toEqual(['/usr/bin/tini', '--']);
  });
});

describe('Kubernetes workloads', () => {
  it.each([...k8sContainers.map((c) => [c.where, c.container] as const)])('%s runs the one image', (_, container) => {
    expect(container.image?.split(':')[0]).toBe(IMAGE);
  });
});

describe('the image built from this tree', () => {
  let buildDir = '';
  /** The runtime stage's files below its WORKDIR (node_modules aside: the production dependencies). */
  const imageFiles = new Set<string>();
  let buildRan: string[] = [];

  beforeAll(() => {
    buildDir = mkdtempSync(join(tmpdir(), 'sargs-image-build-'));
    buildRan = emulateStage(stage('build'), buildDir, context);
    const built = listFiles(buildDir);
    const builtUnder = (path: string) => built.filter((f) => f === path || f.startsWith(`${path}/`));
    for (const copy of copiesOf(runtime)) {
      if (!copy.from) {
        for (const target of copyTargets(copy, runtime.workdir, context).keys()) imageFiles.add(posix.relative(runtime.workdir.slice(1), target));
        continue;
      }
      if (copy.from !== 'build') continue; // deps: node_modules, checked by its package list below
      for (const source of copy.sources) {
        const from = posix.relative(stage('build').workdir, source);
        const dest = posix.relative(runtime.workdir, posix.resolve(runtime.workdir, copy.dest));
        for (const file of builtUnder(from)) imageFiles.add(posix.join(dest, posix.relative(from, file)));
      }
    }
  }, 300_000);

  afterAll(() => {
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it('runs the build stage: npm run build, then the tools compiled beside it', () => {
    expect(buildRan).toContain('npm run build');
    expect([...imageFiles].filter((f) => f.startsWith('dist/apps/')).length).toBeGreaterThan(0);
  });

  const entryPoints = (): { where: string; script: string }[] => [
    ...k8sContainers.flatMap(({ where, container }) => nodeScripts([...(container.command ?? []), ...(container.args ?? [])]).map((script) => ({ where, script }))),
    ...composeCommands().flatMap(({ where, words }) => nodeScripts(words).map((script) => ({ where, script }))),
  ];

  it('has every entry point that Kubernetes and compose start', () => {
    const all = entryPoints();
    expect(all.map((e) => e.script)).toEqual(expect.arrayContaining(['dist/apps/gateway/src/main.js', 'dist/tools/backup/restore.js']));
    expect(all.filter((e) => !imageFiles.has(e.script)).map((e) => `${e.where}: ${e.script}`)).toEqual([]);
  });

  it('has every file each entry point loads, and needs only production dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const problems = [...new Set(entryPoints().map((e) => e.script))].flatMap((script) => {
      if (!imageFiles.has(script)) return []; // reported above
      const graph = moduleGraph(script, buildDir, imageFiles);
      const devOnly = [...graph.packages].filter((name) => !(name in pkg.dependencies));
      return [...graph.unresolved.map((u) => `${script} loads ${u}, not in the image`), ...devOnly.map((name) => `${script} needs ${name}, not a production dependency`)];
    });
    expect(problems).toEqual([]);
  });

  it('loads the restore command as compiled (it answers with its usage, exit code 2)', () => {
    const result = spawnSync('node', ['dist/tools/backup/restore.js'], { cwd: buildDir, encoding: 'utf8', timeout: 60_000 });
    expect({ status: result.status, usage: /usage: restore/.test(result.stderr) }).toEqual({ status: 2, usage: true });
  });

  it('has every folder of the image that an environment value names (POLICY_SEED_DIR, ...)', () => {
    const inImage = (path: string) => {
      const relative = posix.relative(runtime.workdir, path);
      return [...imageFiles].some((f) => f === relative || f.startsWith(`${relative}/`));
    };
    const values = [
      ...k8sContainers.flatMap(({ where, container }) => (container.env ?? []).map((e) => ({ where, name: e.name, value: e.value }))),
      ...Object.entries(loadCompose().services)
        .filter(([, s]) => s.build)
        .flatMap(([name, s]) => Object.entries(s.environment ?? {}).map(([env, value]) => ({ where: `compose ${name}`, name: env, value: String(value) }))),
    ];
    const named = values.filter((v) => v.value?.startsWith(`${runtime.workdir}/`));
    expect(named.filter((v) => !inImage(v.value as string)).map((v) => `${v.where} ${v.name}=${v.value}`)).toEqual([]);
  });
});
