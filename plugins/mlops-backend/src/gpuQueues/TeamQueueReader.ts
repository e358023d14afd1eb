import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { GpuQueueSummary, SourceReport } from '@internal/plugin-mlops-common';
import { clusterReport } from '../shared/sourceReports';
import { NamespaceBindings } from '../tenancy/namespaceBindings';
import { KubernetesQueueReader } from './KubernetesQueueReader';
import { teamQueueSummaries } from './teamQueues';

/**
 * A team's Kueue queues: on each cluster where `mlops.tenancy` binds it any
 * namespace, the LocalQueues of the namespaces it holds there with their
 * ClusterQueues' GPU quota (two lists per such cluster). Each cluster
 * fails on its own.
 */
export class TeamQueueReader {
  constructor(
    private readonly options: {
      reader: KubernetesQueueReader;
      tenancy: NamespaceBindings;
      gpuResources: readonly string[];
    },
  ) {}

  async read(
    team: string,
    credentials: BackstageCredentials,
  ): Promise<{ queues: GpuQueueSummary[]; sources: SourceReport[] }> {
    const { reader, tenancy, gpuResources } = this.options;
    const clusters = (await reader.allClusters(credentials)).filter(c =>
      tenancy.holdsAnyOn(team, c.name),
    );
    const answers = await Promise.all(
      clusters.map(c => reader.readClusterWideQueues(c)),
    );
    return {
      queues: answers.flatMap(a =>
        a.ok
          ? teamQueueSummaries(
              a.cluster,
              a,
              namespace => tenancy.holds(team, a.cluster, namespace),
              gpuResources,
            )
          : [],
      ),
      sources: answers.map(clusterReport),
    };
  }
}
