import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
let registered = false;

/**
 * Jest loads globalSetup with plain Node resolution (moduleNameMapper applies only inside test
 * files), so `@sargs/...` imports would not resolve there. This maps the tsconfig path aliases
 * onto their sources for this process; jest's transform hook compiles the TypeScript.
 */
export function registerPathAliases(repoRoot: string): void {
  if (registered) return;
  registered = true;
  const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const aliases = new Map(Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(repoRoot, target)]));
  const internals = Module as unknown as { _resolveFilename: Resolve };
  const original = internals._resolveFilename;
  internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return original.call(this, aliases.get(request) ?? request, ...rest);
  };
}
