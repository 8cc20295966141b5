import type { TestType } from '@playwright/test';

interface Removable {
  down(): Promise<unknown>;
}

/**
 * One stack per worker for the rows of a describe block (rows spread over the workers; beforeAll and afterAll
 * run once in each): started before the worker's first row, removed after its last. Returns the stack's getter.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any test type: the hooks are the same
export function stackPerWorker<T extends Removable>(test: TestType<any, any>, start: () => Promise<T>): () => T {
  let stack: T | undefined;
  test.beforeAll(async () => {
    test.setTimeout(5 * 60_000);
    stack = await start();
  });
  test.afterAll(async () => {
    test.setTimeout(2 * 60_000);
    await stack?.down();
  });
  return () => {
    if (!stack) throw new Error("this worker's stack did not start (see the beforeAll hook's error)");
    return stack;
  };
}

/** Brings `stack` up, or removes what it started and rethrows: a failed start leaves nothing running. */
export async function upOrRemove<T extends Removable & { up(): Promise<unknown> }>(stack: T): Promise<T> {
  try {
    await stack.up();
  } catch (error) {
    await stack.down().catch(() => undefined);
    throw error;
  }
  return stack;
}
