import { mapWithConcurrency } from './pool';

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and reports progress', async () => {
    let running = 0;
    let peak = 0;
    const progress: number[] = [];
    const result = await mapWithConcurrency(
      Array.from({ length: 25 }, (_, i) => i),
      4,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise(r => setTimeout(r, 1));
        running--;
      },
      { progressEvery: 10, onProgress: done => progress.push(done) },
    );
    expect(result).toEqual({ done: 25, failures: [] });
    expect(peak).toBe(4);
    expect(progress).toEqual([10, 20]);
  });

  it('collects failures and carries on', async () => {
    const result = await mapWithConcurrency([1, 2, 3], 2, async n => {
      if (n === 2) throw new Error('boom');
    });
    expect(result.done).toBe(3);
    expect(result.failures.map(f => [f.item, f.error.message])).toEqual([
      [2, 'boom'],
    ]);
  });

  it('stops taking new items once aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await mapWithConcurrency(
      [1, 2, 3, 4],
      1,
      async n => {
        seen.push(n);
        if (n === 2) controller.abort();
      },
      { signal: controller.signal },
    );
    expect(seen).toEqual([1, 2]);
  });
});
