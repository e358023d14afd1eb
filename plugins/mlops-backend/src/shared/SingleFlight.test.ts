import { SingleFlight } from './SingleFlight';

describe('SingleFlight', () => {
  it('runs the work once for concurrent callers of one key', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    const work = async () => {
      const run = ++runs;
      await new Promise(r => setTimeout(r, 10));
      return run;
    };
    const answers = await Promise.all([
      flights.run('a', work),
      flights.run('a', work),
      flights.run('b', work),
    ]);
    expect(answers).toEqual([1, 1, 2]);
    expect(await flights.run('a', work)).toBe(3);
  });

  it('forgets a failed run so the next caller retries', async () => {
    const flights = new SingleFlight();
    await expect(
      flights.run('a', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await expect(flights.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
