/** How list calls page and how many objects they may hold (`mlops.limits`). */
export interface ListLimits {
  /** Objects asked for per request (`limit`). */
  pageSize: number;
  /** Most objects one list of one object type on one cluster may return to a page view. */
  maxObjectsPerRead: number;
  /** Most objects one run of a scheduled collector may read across all its clusters. */
  maxObjectsPerCollectorRun: number;
}

export const DEFAULT_LIST_LIMITS: ListLimits = {
  pageSize: 500,
  maxObjectsPerRead: 5000,
  maxObjectsPerCollectorRun: 100_000,
};

type CeilingSetting = 'maxObjectsPerRead' | 'maxObjectsPerCollectorRun';

/**
 * How many more objects may be read: one per list for a page view, one per
 * run shared by every list of a collector.
 */
export class ObjectBudget {
  private read = 0;

  private constructor(
    readonly ceiling: number,
    readonly setting: CeilingSetting,
  ) {}

  static perRead(limits: ListLimits): ObjectBudget {
    return new ObjectBudget(limits.maxObjectsPerRead, 'maxObjectsPerRead');
  }

  static perCollectorRun(limits: ListLimits): ObjectBudget {
    return new ObjectBudget(
      limits.maxObjectsPerCollectorRun,
      'maxObjectsPerCollectorRun',
    );
  }

  /** Objects still allowed; below zero once the ceiling is crossed. */
  get left(): number {
    return this.ceiling - this.read;
  }

  take(count: number): void {
    this.read += count;
  }
}

/** A list stopped because it crossed its ceiling; ClusterCaller names the cluster. */
export class TooManyObjectsError extends Error {
  readonly name = 'TooManyObjectsError';

  constructor(
    /** What was listed, e.g. `pods matching "app=a" in namespace "ml"`. */
    readonly what: string,
    readonly budget: ObjectBudget,
  ) {
    super(`more than ${budget.ceiling} ${what}`);
  }

  /** The message of the cluster's source report. */
  messageFor(cluster: string): string {
    const { ceiling, setting } = this.budget;
    if (setting === 'maxObjectsPerCollectorRun') {
      return `The collector stopped reading ${this.what} of cluster '${cluster}': this run has read more than ${ceiling} objects; raise mlops.limits.${setting}`;
    }
    return `Cluster '${cluster}' has more than ${ceiling} ${this.what}; narrow the label selector or raise mlops.limits.${setting}`;
  }
}

/** What a list call names, e.g. `pods matching "app=a" in namespace "ml"`. */
export function listedObjects(
  plural: string,
  query: { namespace?: string; labelSelector?: string; fieldSelector?: string },
): string {
  const selectors = [query.labelSelector, query.fieldSelector].filter(Boolean);
  const matching = selectors.length ? ` matching "${selectors.join(',')}"` : '';
  const where = query.namespace
    ? ` in namespace "${query.namespace}"`
    : ' in all namespaces';
  return `${plural}${matching}${where}`;
}

/** One page of a Kubernetes list, as @kubernetes/client-node 1.x answers it. */
export interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

export type PageRequest = { limit: number; _continue?: string };

/**
 * Reads a list page by page with `limit` and `continue`, asking never for
 * more than the budget leaves plus one: the object past the ceiling proves
 * it crossed, and no further page is asked for.
 */
export async function listPages<T>(
  fetchPage: (page: PageRequest) => Promise<ListPage<T>>,
  options: { pageSize: number; budget: ObjectBudget; what: string },
): Promise<T[]> {
  const { pageSize, budget } = options;
  const items: T[] = [];
  let token: string | undefined;
  do {
    if (budget.left < 0) throw new TooManyObjectsError(options.what, budget);
    const page = await fetchPage({
      limit: Math.max(1, Math.min(pageSize, budget.left + 1)),
      ...(token ? { _continue: token } : {}),
    });
    budget.take(page.items.length);
    if (budget.left < 0) throw new TooManyObjectsError(options.what, budget);
    items.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token);
  return items;
}
