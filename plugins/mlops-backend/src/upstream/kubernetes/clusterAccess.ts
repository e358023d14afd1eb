import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
  kubernetesObjectsProviderExtensionPoint,
  KubernetesServiceLocator,
} from '@backstage/plugin-kubernetes-node';
import { AdminClusterFilter } from './AdminClusterFilter';
import { readAdminClusterSources } from './trustedClusters';

/**
 * What the kubernetes plugin was configured with: its cluster supplier
 * (clusters from `kubernetes.clusterLocatorMethods`), its service locator
 * (which clusters an entity runs on) and its auth strategies.
 */
export interface KubernetesClusterAccess {
  clusterSupplier: KubernetesClustersSupplier;
  serviceLocator: KubernetesServiceLocator;
  authStrategy: AuthenticationStrategy;
}

/**
 * Hands the kubernetes plugin's cluster access to the mlops plugin. Both
 * plugins start in parallel, so readers wait (bounded) for it.
 */
export class KubernetesClusterAccessRegistry {
  private access?: KubernetesClusterAccess;
  private readonly ready: Promise<KubernetesClusterAccess>;
  private resolveReady!: (access: KubernetesClusterAccess) => void;

  constructor() {
    this.ready = new Promise(resolve => {
      this.resolveReady = resolve;
    });
  }

  set(access: KubernetesClusterAccess): void {
    this.access = access;
    this.resolveReady(access);
  }

  /** The cluster access, or undefined when the kubernetes plugin has not provided it within `timeoutMs`. */
  async get(timeoutMs: number): Promise<KubernetesClusterAccess | undefined> {
    if (this.access) return this.access;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(resolve => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Root-scoped, so the kubernetes module and the mlops plugin share one. */
export const kubernetesClusterAccessServiceRef =
  createServiceRef<KubernetesClusterAccessRegistry>({
    id: 'mlops.kubernetes-cluster-access',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new KubernetesClusterAccessRegistry(),
      }),
  });

/**
 * A module of the kubernetes plugin that passes its cluster supplier,
 * service locator and auth strategies to the mlops plugin, so clusters are
 * configured once, under `kubernetes:`. It keeps the default objects
 * provider (the Kubernetes tab is unchanged); it only looks at what the
 * provider factory is given. The mlops plugin sees only the clusters from
 * admin-controlled sources (AdminClusterFilter).
 *
 * @public
 */
export const kubernetesModuleMlopsClusterAccess = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'mlops-cluster-access',
  register(env) {
    env.registerInit({
      deps: {
        objectsProvider: kubernetesObjectsProviderExtensionPoint,
        registry: kubernetesClusterAccessServiceRef,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ objectsProvider, registry, config, catalog, auth, logger }) {
        const admin = new AdminClusterFilter({
          sources: readAdminClusterSources(config),
          catalog,
          auth,
          logger,
        });
        objectsProvider.addObjectsProvider(
          async ({
            getDefault,
            clusterSupplier,
            serviceLocator,
            authStrategy,
          }) => {
            registry.set({
              clusterSupplier: {
                getClusters: async options =>
                  admin.filter(await clusterSupplier.getClusters(options)),
              },
              serviceLocator: {
                getClustersByEntity: async (entity, options) => {
                  const located = await serviceLocator.getClustersByEntity(
                    entity,
                    options,
                  );
                  return {
                    ...located,
                    clusters: await admin.filter(located.clusters),
                  };
                },
              },
              authStrategy,
            });
            return getDefault();
          },
        );
      },
    });
  },
});
