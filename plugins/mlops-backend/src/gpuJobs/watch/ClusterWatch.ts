import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  ListWatch,
  V1Job,
  V1Node,
  V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { ClientNode } from '../../upstream/kubernetes/clientNode';
import { JOB_NAME_LABEL } from '../KubernetesJobReader';
import { compactJob, compactNode, compactPod } from './compactObjects';

/**
 * How an object changed, and when it was last known so: now, or for one a
 * re-list no longer finds (`relisted-away`, deleted while the watch was
 * away), when the watch that last saw it ended.
 */
export interface WatchChange {
  kind: 'upsert' | 'deleted' | 'relisted-away';
  at: Date;
}

export interface ClusterWatchEvents {
  job(job: V1Job, change: WatchChange): void;
  pod(pod: V1Pod, change: WatchChange): void;
}

/** Nodes by name, as GPU job and pod records read them. */
export type NodeLookup = Pick<ReadonlyMap<string, V1Node>, 'get'>;

/** Gets a KubeConfig with the cluster's current credentials; throws when there are none. */
export type Connect = () => Promise<{ kc: KubeConfig; k8s: ClientNode }>;

const WATCH_TIMEOUT_SECONDS = 300;
/** A watch the server ends sooner than this without an error is retried after a backoff, not at once. */
const MIN_WATCH_MS = 1_000;
const LIST_PAGE_SIZE = 500;
const MAX_BACKOFF_MS = 30_000;

interface Resource<T extends KubernetesObject> {
  kind: string;
  path: string;
  labelSelector?: string;
  compact: (obj: T) => T;
  list: (
    k8s: ClientNode,
    kc: KubeConfig,
    page: { limit: number; _continue?: string; labelSelector?: string },
  ) => Promise<KubernetesListObject<T>>;
}

const JOBS: Resource<V1Job> = {
  kind: 'Jobs',
  path: '/apis/batch/v1/jobs',
  compact: compactJob,
  list: (k8s, kc, page) =>
    kc.makeApiClient(k8s.BatchV1Api).listJobForAllNamespaces(page),
};

const JOB_PODS: Resource<V1Pod> = {
  kind: 'Job pods',
  path: '/api/v1/pods',
  labelSelector: JOB_NAME_LABEL,
  compact: compactPod,
  list: (k8s, kc, page) =>
    kc.makeApiClient(k8s.CoreV1Api).listPodForAllNamespaces(page),
};

const NODES: Resource<V1Node> = {
  kind: 'nodes',
  path: '/api/v1/nodes',
  compact: compactNode,
  list: (k8s, kc, page) => kc.makeApiClient(k8s.CoreV1Api).listNode(page),
};

/**
 * The Jobs, Job pods and nodes of one cluster, kept current by
 * @kubernetes/client-node informers: listed once, then watched from that
 * resourceVersion (with bookmarks), re-watched from the last one when the
 * server ends a watch, re-listed when it is too old (410). Each informer
 * keeps compact objects only. After an error the informer restarts, with
 * fresh credentials, after a backoff of 1 s doubling to 30 s; objects that
 * a re-list no longer finds are reported `relisted-away`.
 */
export class ClusterWatch {
  private readonly informers: Array<ListWatch<KubernetesObject>> = [];
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** List pages and watch connections so far. */
  requests = 0;

  constructor(
    private readonly options: {
      cluster: string;
      k8s: ClientNode;
      connect: Connect;
      events: ClusterWatchEvents;
      logger: LoggerService;
    },
  ) {}

  private jobs?: ListWatch<V1Job>;
  private pods?: ListWatch<V1Pod>;
  private nodeInformer?: ListWatch<V1Node>;

  async start(): Promise<void> {
    const { events } = this.options;
    // Nodes first: the first pods' records take their GPU model from them.
    this.nodeInformer = this.informer(NODES, () => {});
    await this.nodeInformer.start();
    this.jobs = this.informer(JOBS, (job, change) => events.job(job, change));
    this.pods = this.informer(JOB_PODS, (pod, change) =>
      events.pod(pod, change),
    );
    await Promise.all([this.jobs.start(), this.pods.start()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.informers.map(i => i.stop()));
  }

  job(namespace: string, name: string): V1Job | undefined {
    return this.jobs?.get(name, namespace);
  }

  /** Every Job pod the watch knows. */
  allPods(): readonly V1Pod[] {
    return this.pods?.list() ?? [];
  }

  /** The nodes the watch knows, looked up in the informer's cache. */
  readonly nodes: NodeLookup = {
    get: name => this.nodeInformer?.get(name),
  };

  /** Objects held in the informers' caches. */
  objectCount(): number {
    return this.informers.reduce((n, i) => n + i.list().length, 0);
  }

  private informer<T extends KubernetesObject>(
    resource: Resource<T>,
    onChange: (obj: T, change: WatchChange) => void,
  ): ListWatch<T> {
    const { k8s, cluster, logger } = this.options;
    let relisting = false;
    let watchEndedAt: Date | undefined;
    let backoffMs = 1_000;
    const listFn = async () => {
      relisting = true;
      const { k8s: api, kc } = await this.options.connect();
      const items: T[] = [];
      let page: KubernetesListObject<T> | undefined;
      do {
        this.requests++;
        page = await resource.list(api, kc, {
          limit: LIST_PAGE_SIZE,
          _continue: page?.metadata?._continue,
          labelSelector: resource.labelSelector,
        });
        items.push(...page.items.map(resource.compact));
      } while (page.metadata?._continue);
      return { ...page, items };
    };
    const watch = {
      watch: async (
        path: string,
        params: Record<string, unknown>,
        callback: (phase: string, obj: T, raw: unknown) => void,
        done: (err: unknown) => void,
      ) => {
        relisting = false;
        if (this.stopped) {
          done(null); // stopped while it listed: the informer ends here
          return new AbortController();
        }
        try {
          const { kc } = await this.options.connect();
          this.requests++;
          const connectedAt = Date.now();
          return await new k8s.Watch(kc).watch(
            path,
            {
              ...params,
              allowWatchBookmarks: true,
              timeoutSeconds: WATCH_TIMEOUT_SECONDS,
            },
            (phase: string, obj: T, raw: unknown) => {
              backoffMs = 1_000;
              const kept =
                phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED'
                  ? resource.compact(obj)
                  : obj;
              callback(phase, kept, raw);
            },
            (err: unknown) => {
              watchEndedAt = new Date();
              const abrupt =
                !err && watchEndedAt.getTime() - connectedAt < MIN_WATCH_MS;
              done(
                abrupt
                  ? new Error('the server ended the watch as soon as it began')
                  : err,
              );
            },
          );
        } catch (error) {
          done(error);
          return new AbortController();
        }
      },
    } as unknown as Watch;
    const informer = new k8s.ListWatch<T>(
      resource.path,
      watch,
      listFn,
      false,
      resource.labelSelector,
    );
    const upsert = (obj: T) =>
      onChange(obj, { kind: 'upsert', at: new Date() });
    informer.on('add', upsert);
    informer.on('update', upsert);
    informer.on('delete', obj =>
      onChange(
        obj,
        relisting
          ? { kind: 'relisted-away', at: watchEndedAt ?? new Date() }
          : { kind: 'deleted', at: new Date() },
      ),
    );
    informer.on('error', error => {
      if (this.stopped) return;
      logger.warn(
        `Watch of ${resource.kind} in cluster ${cluster} failed, retrying in ${
          backoffMs / 1000
        } s: ${describe(error)}`,
      );
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.stopped) informer.start();
      }, backoffMs);
      this.timers.add(timer);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    });
    this.informers.push(informer as unknown as ListWatch<KubernetesObject>);
    return informer;
  }
}

function describe(error: unknown): string {
  const e = error as {
    statusCode?: number;
    code?: number | string;
    message?: string;
  };
  const status = e?.statusCode ?? e?.code;
  return `${status ? `${status} ` : ''}${e?.message ?? String(error)}`;
}
