import { createHash } from 'node:crypto';
import {
  normalLabelSelector,
  ServingTimeRange,
} from '@internal/plugin-mlops-common';
import { EntityTarget } from '../shared/entityTarget';
import { MetricsScope } from './profiles/queries';

/** A short, stable digest of a JSON value, so that keys change when it does. */
export function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}

/** The target as keys see it: one spelling of its label selector. */
function keyedTarget(target: EntityTarget): EntityTarget {
  return {
    ...target,
    labelSelector: normalLabelSelector(target.labelSelector),
  };
}

/** The part of a key that says which clusters an answer read. */
export function clustersKey(scope: { clusters: Array<{ name: string }> }) {
  return hashOf(scope.clusters.map(c => c.name).sort());
}

/** The key of an entity's health answer. */
export function healthKey(target: EntityTarget): string {
  return `health:${target.entityRef}:${hashOf(keyedTarget(target))}`;
}

/** The key of an entity's time series over `range`. */
export function seriesKey(
  range: ServingTimeRange,
  target: EntityTarget,
): string {
  return `series:${range}:${target.entityRef}:${hashOf(keyedTarget(target))}`;
}

/** The key of the profile detected for a scope on one instance. */
export function profileKey(instanceName: string, scope: MetricsScope): string {
  return `profile:${instanceName}:${hashOf(scope)}`;
}
