import { existsSync, readFileSync, rmSync } from 'node:fs';
import { TEST_STACK_FILE, TEST_STACK_HANDLE, type TestStack, type TestStackHandle } from './test-stack';

/** Stops what the global setup started and removes its data; no server outlives the run. */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<symbol, TestStackHandle | undefined>)[TEST_STACK_HANDLE];
  if (!handle) return;
  await handle.stop();
  rmSync(handle.dataDir, { recursive: true, force: true });
  // Only our own: a concurrent run may have written its coordinates since.
  if (existsSync(TEST_STACK_FILE) && (JSON.parse(readFileSync(TEST_STACK_FILE, 'utf8')) as TestStack).pid === process.pid) rmSync(TEST_STACK_FILE);
  delete (globalThis as Record<symbol, unknown>)[TEST_STACK_HANDLE];
}
