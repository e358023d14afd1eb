import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  AdminClusterSources,
  readAdminClusterSources,
  selectAdminClusters,
} from './trustedClusters';

const adminFile = path.resolve('clusters.yaml');

function cluster(name: string, url: string): ClusterDetails {
  return { name, url, authMetadata: {} };
}

function resource(name: string, url: string, origin?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'kubernetes.io/api-server': url,
        ...(origin && { 'backstage.io/managed-by-origin-location': origin }),
      },
    },
  };
}

const sources: AdminClusterSources = {
  catalogLocator: true,
  adminOrigins: new Set([`file:${adminFile}`]),
  configClusters: new Set(['local\nhttps://127.0.0.1:6443']),
};

describe('selectAdminClusters', () => {
  it.each([
    // [case, cluster, resources, kept]
    [
      'a cluster from an admin file',
      cluster('prod-east', 'https://prod-east'),
      [resource('prod-east', 'https://prod-east', `file:${adminFile}`)],
      true,
    ],
    [
      'a cluster a user registered',
      cluster('evil', 'https://127.0.0.1:9999'),
      [resource('evil', 'https://127.0.0.1:9999', 'url:https://x/y.yaml')],
      false,
    ],
    [
      'a real name with a user-registered URL',
      cluster('prod-east', 'https://attacker'),
      [
        resource('prod-east', 'https://prod-east', `file:${adminFile}`),
        resource('prod-east', 'https://attacker', 'url:https://x/y.yaml'),
      ],
      false,
    ],
    [
      'the real cluster beside a user-registered copy',
      cluster('prod-east', 'https://prod-east'),
      [
        resource('prod-east', 'https://prod-east', `file:${adminFile}`),
        resource('prod-east', 'https://attacker', 'url:https://x/y.yaml'),
      ],
      true,
    ],
    [
      'a Resource without an origin',
      cluster('odd', 'https://odd'),
      [resource('odd', 'https://odd')],
      false,
    ],
    [
      'a config cluster that a user copied into the catalog',
      cluster('local', 'https://127.0.0.1:6443'),
      [resource('local', 'https://127.0.0.1:6443', 'url:https://x/y.yaml')],
      true,
    ],
    [
      'a cluster of another locator (no Resource describes it)',
      cluster('gke-1', 'https://gke-1'),
      [resource('gke-1', 'https://elsewhere', 'url:https://x/y.yaml')],
      true,
    ],
  ] as const)('%s: kept %s', (_, c, resources, kept) => {
    const result = selectAdminClusters([c], [...resources], sources);
    expect(result.kept).toEqual(kept ? [c] : []);
    expect(result.dropped).toEqual(kept ? [] : [c]);
  });
});

describe('readAdminClusterSources', () => {
  it('reads the origins and config clusters the catalog and kubernetes plugin use', () => {
    const config = new ConfigReader({
      catalog: {
        locations: [
          { type: 'file', target: 'clusters.yaml' },
          { type: 'url', target: 'https://github.com/o/r/blob/main/c.yaml' },
        ],
      },
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [{ name: 'local', url: 'https://127.0.0.1:6443' }],
          },
        ],
      },
    });
    expect(readAdminClusterSources(config)).toEqual({
      catalogLocator: true,
      adminOrigins: new Set([
        `file:${adminFile}`,
        'url:https://github.com/o/r/blob/main/c.yaml',
      ]),
      configClusters: new Set(['local\nhttps://127.0.0.1:6443']),
    });
  });

  it('has no catalog locator when only config clusters are set', () => {
    const config = new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [] }] },
    });
    expect(readAdminClusterSources(config).catalogLocator).toBe(false);
  });
});
