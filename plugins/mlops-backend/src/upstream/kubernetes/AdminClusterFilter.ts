import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  AdminClusterSources,
  clusterKey,
  selectAdminClusters,
} from './trustedClusters';

/**
 * Keeps the clusters of the kubernetes plugin that come from admin sources
 * (see selectAdminClusters). Without a `catalog` locator every cluster comes
 * from app-config and nothing is looked up.
 */
export class AdminClusterFilter {
  private readonly warned = new Set<string>();

  constructor(
    private readonly options: {
      sources: AdminClusterSources;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async filter(clusters: ClusterDetails[]): Promise<ClusterDetails[]> {
    const { sources, catalog, auth, logger } = this.options;
    if (!sources.catalogLocator || clusters.length === 0) return clusters;
    let resources;
    try {
      ({ items: resources } = await catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' },
          fields: ['metadata.name', 'metadata.annotations'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      ));
    } catch (error) {
      logger.warn(
        `Using only the config locator's clusters: the catalog did not list the cluster Resources: ${error}`,
      );
      return clusters.filter(c =>
        sources.configClusters.has(clusterKey(c.name, c.url)),
      );
    }
    const { kept, dropped } = selectAdminClusters(clusters, resources, sources);
    for (const cluster of dropped) {
      if (this.warned.has(cluster.name)) continue;
      this.warned.add(cluster.name);
      logger.warn(
        `Ignoring cluster '${cluster.name}': its kubernetes-cluster Resource was not registered from a location of catalog.locations`,
      );
    }
    return kept;
  }
}
