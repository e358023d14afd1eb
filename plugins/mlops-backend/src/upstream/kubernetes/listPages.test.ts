import {
  DEFAULT_LIST_LIMITS,
  ListPage,
  listPages,
  ObjectBudget,
  PageRequest,
  TooManyObjectsError,
} from './listPages';

/** A list of `total` objects served in pages, recording every request. */
function pagedList(total: number) {
  const requests: PageRequest[] = [];
  const fetchPage = async (page: PageRequest): Promise<ListPage<number>> => {
    requests.push(page);
    const from = page._continue ? Number(page._continue.slice(3)) : 0;
    const to = Math.min(total, from + page.limit);
    const items = Array.from({ length: to - from }, (_, i) => from + i);
    return { items, metadata: to < total ? { _continue: `at-${to}` } : {} };
  };
  return { requests, fetchPage };
}

const limits = (
  maxObjectsPerRead: number,
  maxObjectsPerCollectorRun = 1e6,
) => ({
  pageSize: 2,
  maxObjectsPerRead,
  maxObjectsPerCollectorRun,
});

const what = 'pods matching "app=a" in namespace "ml"';

describe('listPages', () => {
  it.each([
    [0, 10, 1, [{ limit: 2 }]],
    [2, 10, 1, [{ limit: 2 }]],
    [
      5,
      10,
      3,
      [
        { limit: 2 },
        { limit: 2, _continue: 'at-2' },
        { limit: 2, _continue: 'at-4' },
      ],
    ],
    [4, 4, 2, [{ limit: 2 }, { limit: 2, _continue: 'at-2' }]],
    [3, 3, 2, [{ limit: 2 }, { limit: 2, _continue: 'at-2' }]],
  ])(
    '%i objects under a ceiling of %i: %i request(s), each passing the continue token',
    async (total, ceiling, count, expected) => {
      const list = pagedList(total);
      const items = await listPages(list.fetchPage, {
        pageSize: 2,
        budget: ObjectBudget.perRead(limits(ceiling)),
        what,
      });
      expect(items).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(list.requests).toHaveLength(count);
      expect(list.requests).toEqual(expected);
    },
  );

  it.each([
    [5, 4, 3],
    [1000, 4, 3],
    [2, 1, 1],
  ])(
    '%i objects under a ceiling of %i: stops after %i request(s) with a typed error',
    async (total, ceiling, count) => {
      const list = pagedList(total);
      const reading = listPages(list.fetchPage, {
        pageSize: 2,
        budget: ObjectBudget.perRead(limits(ceiling)),
        what,
      });
      await expect(reading).rejects.toBeInstanceOf(TooManyObjectsError);
      await expect(reading).rejects.toMatchObject({
        what,
        budget: { ceiling, setting: 'maxObjectsPerRead' },
      });
      expect(list.requests).toHaveLength(count);
      expect(list.requests.every(r => r.limit <= 2)).toBe(true);
    },
  );

  it('shares a collector run budget between lists, and asks nothing once it is spent', async () => {
    const budget = ObjectBudget.perCollectorRun(limits(3, 5));
    const first = pagedList(4);
    await expect(
      listPages(first.fetchPage, { pageSize: 2, budget, what }),
    ).resolves.toHaveLength(4);
    const second = pagedList(4);
    await expect(
      listPages(second.fetchPage, { pageSize: 2, budget, what }),
    ).rejects.toBeInstanceOf(TooManyObjectsError);
    expect(second.requests).toEqual([{ limit: 2 }]);
    const third = pagedList(1);
    await expect(
      listPages(third.fetchPage, { pageSize: 2, budget, what }),
    ).rejects.toBeInstanceOf(TooManyObjectsError);
    expect(third.requests).toEqual([]);
  });

  it('takes exactly the ceiling when the page after it is empty', async () => {
    const pages: Array<ListPage<number>> = [
      { items: [1, 2], metadata: { _continue: 'more' } },
      { items: [], metadata: {} },
    ];
    const requests: PageRequest[] = [];
    const items = await listPages(
      async page => {
        requests.push(page);
        return pages[requests.length - 1];
      },
      { pageSize: 2, budget: ObjectBudget.perRead(limits(2)), what },
    );
    expect(items).toEqual([1, 2]);
    expect(requests).toEqual([{ limit: 2 }, { limit: 1, _continue: 'more' }]);
  });

  it('treats an empty continue token as the end', async () => {
    const fetchPage = jest.fn(async () => ({
      items: [1],
      metadata: { _continue: '' },
    }));
    const budget = ObjectBudget.perRead(DEFAULT_LIST_LIMITS);
    await expect(
      listPages(fetchPage, { pageSize: 500, budget, what }),
    ).resolves.toEqual([1]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });
});

describe('TooManyObjectsError', () => {
  it.each([
    [
      ObjectBudget.perRead(limits(2000)),
      `Cluster 'east' has more than 2000 pods matching "app=a" in namespace "ml"; narrow the label selector or raise mlops.limits.maxObjectsPerRead`,
    ],
    [
      ObjectBudget.perCollectorRun(limits(10, 100000)),
      `The collector stopped reading pods matching "app=a" in namespace "ml" of cluster 'east': this run has read more than 100000 objects; raise mlops.limits.maxObjectsPerCollectorRun`,
    ],
  ])('names the cluster, the list and the setting', (budget, message) => {
    expect(new TooManyObjectsError(what, budget).messageFor('east')).toBe(
      message,
    );
  });
});
