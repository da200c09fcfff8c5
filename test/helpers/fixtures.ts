import { afterAll, afterEach } from 'vitest';

/**
 * For contract suites: returns a `fixture()` that opens one per call, closes every one after each
 * test, and runs `dispose` after the suite. Call it inside a describe block.
 */
export function trackFixtures<F extends { close(): Promise<void> }>(make: () => Promise<F>, dispose?: () => Promise<void>): () => Promise<F> {
  let open: F[] = [];
  afterEach(async () => {
    const closing = open;
    open = [];
    for (const f of closing) await f.close();
  });
  if (dispose) afterAll(dispose);
  return async () => {
    const f = await make();
    open.push(f);
    return f;
  };
}
