import { readFileSync } from 'node:fs';
import path from 'node:path';

const DOCKERFILE = path.resolve(__dirname, '../../..', 'Dockerfile');

/**
 * The Node options every app runs with: the image's `ENV NODE_OPTIONS` (the Dockerfile's runtime
 * stage, which Kubernetes and docker-compose inherit). The launcher reads them from there, so the
 * local stack, the tests and the bench run the apps as production does, from one place
 * (docs/performance.md, "Idle memory"). '' when the image sets none.
 */
export function appNodeOptions(dockerfile: string = readFileSync(DOCKERFILE, 'utf8')): string {
  const runtimeStage = dockerfile.split(/^FROM /m).at(-1) ?? '';
  const found = /^ENV NODE_OPTIONS=(?:"([^"]*)"|(\S*))[ \t]*$/m.exec(runtimeStage);
  return (found?.[1] ?? found?.[2] ?? '').trim();
}
