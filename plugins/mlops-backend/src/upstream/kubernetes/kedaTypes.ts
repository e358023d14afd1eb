/**
 * The parts of KEDA's `keda.sh/v1alpha1` ScaledObject the portal reads;
 * field names as in KEDA v2.20's apis/keda/v1alpha1/scaledobject_types.go.
 * The CustomObjectsApi hands it over as plain JSON, unchecked: every field
 * may be missing or of another type.
 */

import type { V1ObjectMeta } from '@kubernetes/client-node';

export const KEDA_GROUP = 'keda.sh';
export const KEDA_VERSION = 'v1alpha1';

export const KEDA_PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';
export const KEDA_PAUSED_REPLICAS_ANNOTATION =
  'autoscaling.keda.sh/paused-replicas';

export interface KedaScaledObject {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    pollingInterval?: number;
    cooldownPeriod?: number;
    minReplicaCount?: number;
    maxReplicaCount?: number;
    fallback?: { failureThreshold?: number; replicas?: number };
    advanced?: { horizontalPodAutoscalerConfig?: { name?: string } };
    triggers?: Array<{
      type?: string;
      name?: string;
      metricType?: string;
      metadata?: Record<string, unknown>;
      authenticationRef?: { name?: string; kind?: string };
    }>;
  };
  status?: {
    hpaName?: string;
    externalMetricNames?: string[];
    pausedReplicaCount?: number;
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
    }>;
    health?: Record<string, { numberOfFailures?: number; status?: string }>;
  };
}
