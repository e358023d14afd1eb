/**
 * The MLOps Portal's backend plugin (/api/mlops) and the kubernetes-plugin
 * module that hands it the clusters configured under `kubernetes:`.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { kubernetesModuleMlopsClusterAccess } from './upstream/kubernetes/clusterAccess';
import { mlopsPlugin } from './plugin';

export { mlopsPlugin } from './plugin';
export { kubernetesModuleMlopsClusterAccess } from './upstream/kubernetes/clusterAccess';

/**
 * Installs the plugin and its kubernetes module together:
 * `backend.add(import('@internal/plugin-mlops-backend'))`.
 *
 * @public
 */
export default createBackendFeatureLoader({
  *loader() {
    yield mlopsPlugin;
    yield kubernetesModuleMlopsClusterAccess;
  },
});
