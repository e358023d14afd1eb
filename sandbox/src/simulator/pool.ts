/**
 * Runs `work` over `items` with at most `concurrency` in flight and reports
 * progress every `progressEvery` completions. Failures are collected, not thrown,
 * so one bad object does not stop a batch of a thousand.
 */
export async function mapWithConcurrency<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  options: {
    progressEvery?: number;
    onProgress?: (done: number, total: number) => void;
    signal?: AbortSignal;
  } = {},
): Promise<{ done: number; failures: Array<{ item: T; error: Error }> }> {
  const failures: Array<{ item: T; error: Error }> = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failures.push({
          item,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
      done++;
      if (
        options.progressEvery &&
        done % options.progressEvery === 0 &&
        done < items.length
      ) {
        options.onProgress?.(done, items.length);
      }
    }
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    worker,
  );
  await Promise.all(workers);
  return { done, failures };
}
