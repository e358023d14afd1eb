/**
 * The parts of Kueue's `kueue.x-k8s.io/v1beta2` Workload, ClusterQueue and
 * LocalQueue, and of its `visibility.kueue.x-k8s.io/v1beta2` pending
 * workloads, that the portal reads; field names as in Kueue v0.17's
 * apis/kueue/v1beta2 and apis/visibility/v1beta2. The CustomObjectsApi
 * hands them over as plain JSON: times are strings, quantities strings or
 * numbers.
 */

import type { V1Condition, V1ObjectMeta } from '@kubernetes/client-node';

export const KUEUE_GROUP = 'kueue.x-k8s.io';
export const KUEUE_VISIBILITY_GROUP = 'visibility.kueue.x-k8s.io';
export const KUEUE_VERSION = 'v1beta2';

type Quantity = string | number;

export interface KueueResourceQuantity {
  name: string;
  total?: Quantity;
  borrowed?: Quantity;
}

export interface KueueFlavorQuantities {
  name: string;
  resources: KueueResourceQuantity[];
}

export interface KueueWorkload {
  metadata: V1ObjectMeta;
  spec?: {
    queueName?: string;
    priority?: number;
    active?: boolean;
    podSets?: Array<{ name: string; count?: number }>;
  };
  status?: {
    conditions?: V1Condition[];
    admission?: {
      clusterQueue?: string;
      podSetAssignments?: Array<{
        name: string;
        flavors?: Record<string, string>;
      }>;
    };
  };
}

export interface KueueClusterQueue {
  metadata: V1ObjectMeta;
  spec?: {
    cohortName?: string;
    resourceGroups?: Array<{
      coveredResources?: string[];
      flavors?: Array<{
        name: string;
        resources?: Array<{
          name: string;
          nominalQuota?: Quantity;
          borrowingLimit?: Quantity;
          lendingLimit?: Quantity;
        }>;
      }>;
    }>;
  };
  status?: {
    pendingWorkloads?: number;
    admittedWorkloads?: number;
    flavorsReservation?: KueueFlavorQuantities[];
    flavorsUsage?: KueueFlavorQuantities[];
  };
}

export interface KueueLocalQueue {
  metadata: V1ObjectMeta;
  spec?: { clusterQueue?: string };
  status?: { pendingWorkloads?: number; admittedWorkloads?: number };
}

/** One entry of a LocalQueue's `pendingworkloads` (visibility API). */
export interface KueuePendingWorkload {
  metadata: V1ObjectMeta;
  priority?: number;
  localQueueName?: string;
  positionInClusterQueue?: number;
  positionInLocalQueue?: number;
}
