import { DeploymentDeliveryView } from '@internal/plugin-mlops-common';
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { workloadRefOf } from '../serving/replicas';
import { ArgoRollout } from '../upstream/kubernetes/argoRolloutsTypes';
import {
  isOwnedBy,
  newestRevisionsFirst,
  revisionOf,
  revisionView,
} from './revisions';

/**
 * A Deployment rolled out by Kubernetes itself: its ReplicaSets, the one of
 * its current revision `stable`, the others `old`.
 */
export function deploymentView(
  cluster: string,
  deployment: V1Deployment,
  replicaSets: V1ReplicaSet[],
): DeploymentDeliveryView {
  const current = revisionOf(deployment, 'Deployment');
  return {
    cluster,
    namespace: deployment.metadata?.namespace ?? '',
    name: deployment.metadata?.name ?? '',
    revisions: replicaSets
      .filter(rs => isOwnedBy(rs, 'Deployment', deployment))
      .map(rs =>
        revisionView(
          rs,
          'Deployment',
          current !== null && revisionOf(rs, 'Deployment') === current
            ? 'stable'
            : 'old',
          null,
        ),
      )
      .sort(newestRevisionsFirst),
  };
}

/** The Deployments no Rollout takes its pod template from. */
export function plainDeployments(
  deployments: V1Deployment[],
  rollouts: ArgoRollout[],
): V1Deployment[] {
  const referenced = new Set(rollouts.map(workloadRefOf));
  return deployments.filter(d => !referenced.has(d.metadata?.name));
}
