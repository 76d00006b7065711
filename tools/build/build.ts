// Compiles apps/ and libs/ to dist/ with swc (decorator metadata on, path aliases rewritten to
// relative requires), so the apps run as plain JavaScript: no compiler in the running process.
import { transformFile, type Options } from '@swc/core';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
// `--out <dir>`: the integration tests build into their run's own directory, so a running
// `npm start` keeps its dist/.
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'dist');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };

const isSource = (name: string) => /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) && !name.endsWith('.d.ts');

/** Files the apps read at run time beside their code (the web pages' stylesheet and script). */
const isAsset = (file: string) => file.split(path.sep).includes('assets');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'test' || name === 'node_modules' ? [] : files(full);
    return [full];
  });
}

const options: Options = {
  jsc: {
    target: 'es2022',
    baseUrl: root,
    paths: compilerOptions.paths,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  const all = [...files(path.join(root, 'apps')), ...files(path.join(root, 'libs'))];
  const sources = all.filter((file) => isSource(path.basename(file)));
  for (const file of all.filter(isAsset)) {
    const out = path.join(outDir, path.relative(root, file));
    mkdirSync(path.dirname(out), { recursive: true });
    copyFileSync(file, out);
  }
  for (const file of sources) {
    const out = path.join(outDir, path.relative(root, file)).replace(/\.tsx?$/, '.js');
    // .tsx holds the web pages' templates (preact's JSX runtime); in .ts, `<T>x` is a cast.
    const tsx = file.endsWith('.tsx');
    const jsc = { ...options.jsc, parser: { syntax: 'typescript' as const, decorators: true, tsx }, transform: { ...options.jsc?.transform, ...(tsx ? { react: { runtime: 'automatic' as const, importSource: 'preact' } } : {}) } };
    const { code, map } = await transformFile(file, { ...options, jsc, filename: file, outputPath: out });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    if (map) writeFileSync(`${out}.map`, map);
  }
  console.log(`built ${sources.length} files into ${path.relative(root, outDir)}/ in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
