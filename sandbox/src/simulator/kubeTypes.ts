/**
 * The parts of Kubernetes objects the simulator reads, as the apiserver sends
 * them (timestamps are strings). Manifests it writes use @kubernetes/client-node's types.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: Array<{ kind: string; name: string }>;
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: {
    exitCode: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
}

export interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ResourceList {
  [resource: string]: string;
}

export interface Pod {
  metadata: ObjectMeta;
  spec: {
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    schedulerName?: string;
    containers: Array<{
      name: string;
      image?: string;
      resources?: { requests?: ResourceList; limits?: ResourceList };
    }>;
  };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    startTime?: string;
  };
}

export interface Deployment {
  metadata: ObjectMeta;
  spec?: { replicas?: number };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
  };
}

export interface MetricValueStatus {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

export interface HpaMetricStatus {
  type: string;
  resource?: { name: string; current: MetricValueStatus };
  pods?: { metric: { name: string }; current: MetricValueStatus };
}

export interface HpaStatus {
  currentReplicas?: number;
  desiredReplicas: number;
  currentMetrics?: HpaMetricStatus[];
  conditions?: Condition[];
  lastScaleTime?: string;
  observedGeneration?: number;
}

export interface HpaMetricSpec {
  type: string;
  resource?: { name: string; target: { averageUtilization?: number } };
  pods?: { metric: { name: string }; target: { averageValue?: string } };
}

export interface HorizontalPodAutoscaler {
  metadata: ObjectMeta & { generation?: number };
  spec: {
    minReplicas?: number;
    maxReplicas: number;
    scaleTargetRef: { kind: string; name: string };
    metrics?: HpaMetricSpec[];
  };
  status?: HpaStatus;
}

export interface Job {
  metadata: ObjectMeta;
  status?: {
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    conditions?: Condition[];
  };
}

export interface KubeNode {
  metadata: ObjectMeta;
  status?: { capacity?: ResourceList; allocatable?: ResourceList };
}

export interface KubeList<T> {
  items: T[];
}
