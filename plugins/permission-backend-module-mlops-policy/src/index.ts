/**
 * The MLOps Portal's permission policy, as a module of the permission
 * backend.
 *
 * @packageDocumentation
 */
export { permissionModuleMlopsPolicy as default } from './module';
export { MlopsPermissionPolicy } from './MlopsPermissionPolicy';
