// Compiles apps/ and libs/ to dist/ with swc (decorator metadata on, path aliases rewritten to
// relative requires), so the apps run as plain JavaScript: no compiler in the running process.
import { transformFile, type Options } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'dist');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'test' || name === 'node_modules' ? [] : sources(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [full] : [];
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
  const files = [...sources(path.join(root, 'apps')), ...sources(path.join(root, 'libs'))];
  for (const file of files) {
    const out = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, { ...options, filename: file, outputPath: out });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    if (map) writeFileSync(`${out}.map`, map);
  }
  console.log(`built ${files.length} files into dist/ in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
