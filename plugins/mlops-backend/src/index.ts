/**
 * The MLOps Portal's backend plugin (/api/mlops) and two kubernetes-plugin
 * modules: one hands it the clusters configured under `kubernetes:`, one
 * bounds the time each cluster may take in the Kubernetes tab.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { kubernetesModuleMlopsClusterAccess } from './upstream/kubernetes/clusterAccess';
import { kubernetesModuleMlopsClusterTimeouts } from './upstream/kubernetes/clusterTimeouts';
import { mlopsPlugin } from './plugin';

export { mlopsPlugin } from './plugin';
export { kubernetesModuleMlopsClusterAccess } from './upstream/kubernetes/clusterAccess';
export { kubernetesModuleMlopsClusterTimeouts } from './upstream/kubernetes/clusterTimeouts';

/**
 * Installs the plugin and its kubernetes modules together:
 * `backend.add(import('@internal/plugin-mlops-backend'))`.
 *
 * @public
 */
export default createBackendFeatureLoader({
  *loader() {
    yield mlopsPlugin;
    yield kubernetesModuleMlopsClusterAccess;
    yield kubernetesModuleMlopsClusterTimeouts;
  },
});
