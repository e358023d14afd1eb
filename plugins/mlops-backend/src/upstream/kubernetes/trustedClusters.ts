import path from 'node:path';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyLocationRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ANNOTATION_KUBERNETES_API_SERVER } from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** The places an admin (app-config) describes clusters in. */
export interface AdminClusterSources {
  /** Whether `kubernetes.clusterLocatorMethods` has a `catalog` locator. */
  catalogLocator: boolean;
  /** Origin locations of `catalog.locations`, e.g. `file:/srv/clusters.yaml`. */
  adminOrigins: Set<string>;
  /** Name and URL of the clusters of `config` locators. */
  configClusters: Set<string>;
}

export const clusterKey = (name: string, url: string) => `${name}\n${url}`;

export function readAdminClusterSources(config: Config): AdminClusterSources {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const configClusters = new Set<string>();
  for (const method of methods) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      configClusters.add(
        clusterKey(cluster.getString('name'), cluster.getString('url')),
      );
    }
  }
  // As the catalog's ConfigLocationEntityProvider writes them.
  const adminOrigins = new Set(
    (config.getOptionalConfigArray('catalog.locations') ?? []).map(location => {
      const type = location.getString('type');
      const target = location.getString('target');
      return stringifyLocationRef({
        type,
        target: type === 'file' ? path.resolve(target) : target,
      });
    }),
  );
  return {
    catalogLocator: methods.some(m => m.getString('type') === 'catalog'),
    adminOrigins,
    configClusters,
  };
}

/**
 * The clusters that come from admin-controlled sources. A cluster is dropped
 * when a `kubernetes-cluster` Resource registered from a location outside
 * `catalog.locations` describes it (same name and API server URL) and no
 * admin source does: credentials never go to a URL a user registered.
 */
export function selectAdminClusters(
  clusters: ClusterDetails[],
  clusterResources: Entity[],
  sources: AdminClusterSources,
): { kept: ClusterDetails[]; dropped: ClusterDetails[] } {
  const fromAdmin = new Set(sources.configClusters);
  const fromUsers = new Set<string>();
  for (const resource of clusterResources) {
    const annotations = resource.metadata.annotations ?? {};
    const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
    if (!url) continue;
    const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
    const key = clusterKey(resource.metadata.name, url);
    if (origin && sources.adminOrigins.has(origin)) fromAdmin.add(key);
    else fromUsers.add(key);
  }
  const kept: ClusterDetails[] = [];
  const dropped: ClusterDetails[] = [];
  for (const cluster of clusters) {
    const key = clusterKey(cluster.name, cluster.url);
    (fromUsers.has(key) && !fromAdmin.has(key) ? dropped : kept).push(cluster);
  }
  return { kept, dropped };
}
