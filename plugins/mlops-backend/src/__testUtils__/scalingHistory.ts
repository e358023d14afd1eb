import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { KubernetesAutoscalingReader } from '../autoscaling/KubernetesAutoscalingReader';
import { ScalingEventCollector } from '../autoscaling/ScalingEventCollector';
import { ScalingEventStore } from '../autoscaling/ScalingEventStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { DEFAULT_LIST_LIMITS } from '../upstream/kubernetes/listPages';

/** The scaling history's tests: one HPA, its observations and Events. */
export const HPAS = [
  { cluster: 'east', namespace: 'fraud-ml', hpa: 'fraud-scorer' },
];
export const LONG_AGO = new Date('2000-01-01T00:00:00Z');

export function hpa(
  desired: number,
  lastScaleTime: string,
): V2HorizontalPodAutoscaler {
  return {
    metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'fraud-scorer' },
      maxReplicas: 10,
    },
    status: {
      currentReplicas: desired,
      desiredReplicas: desired,
      lastScaleTime: new Date(lastScaleTime),
    },
  } as V2HorizontalPodAutoscaler;
}

export function event(
  uid: string,
  reason: string,
  message: string,
  count: number,
  at: string,
): CoreV1Event {
  return {
    metadata: { uid, namespace: 'fraud-ml', name: `fraud-scorer.${uid}` },
    involvedObject: {
      kind: 'HorizontalPodAutoscaler',
      namespace: 'fraud-ml',
      name: 'fraud-scorer',
    },
    reason,
    message,
    type: reason.startsWith('Failed') ? 'Warning' : 'Normal',
    count,
    lastTimestamp: new Date(at),
  } as CoreV1Event;
}

export function collectorOn(store: ScalingEventStore) {
  return new ScalingEventCollector({
    reader: {} as KubernetesAutoscalingReader,
    store,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    retentionMs: 30 * 24 * 3600_000,
    limits: DEFAULT_LIST_LIMITS,
  });
}

/** A migrated database of `id` and a store over it. */
export async function migratedStore(
  databases: TestDatabases,
  id: TestDatabaseId,
) {
  const knex = await databases.init(id);
  await applyDatabaseMigrations(knex);
  return { knex, store: new ScalingEventStore(knex) };
}
