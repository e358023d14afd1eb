/**
 * Types, API paths, annotations and permissions shared by the MLOps
 * Portal's frontend and backend plugins.
 *
 * @packageDocumentation
 */

export * from './alerts';
export * from './answers';
export * from './annotations';
export * from './autoscaling';
export * from './delivery';
export * from './fleet';
export * from './gpuJobs';
export * from './inAppPath';
export * from './k8s';
export * from './modelRegistry';
export * from './paths';
export * from './permissions';
export * from './serving';
export * from './tenancy';
