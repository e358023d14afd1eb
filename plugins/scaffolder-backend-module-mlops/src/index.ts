/**
 * The MLOps Portal's scaffolder actions, as a backend module.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMlops as default } from './module';
export { createValidateModelServiceAction } from './actions/validateModelService';
