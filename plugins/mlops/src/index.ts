/**
 * The MLOps Portal's frontend plugin: the serving health, autoscaling, delivery
 * and GPU jobs of an entity as Overview cards and tabs, for the new frontend system.
 *
 * @packageDocumentation
 */

export { mlopsPlugin as default } from './plugin';
export { mlopsApiRef, type MlopsApi } from './api/MlopsApi';
export { MlopsClient } from './api/MlopsClient';
