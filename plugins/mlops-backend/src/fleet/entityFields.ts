import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_FRAMEWORK } from '@internal/plugin-mlops-common';
import { specRefOf } from '../shared/specRefs';

export { ownerRefOf } from '../gpuJobs/jobOwnership';

/** Tags that name an ML framework or model server, as the template writes them. */
const FRAMEWORK_TAGS = new Set([
  'scikit-learn',
  'sklearn',
  'pytorch',
  'tensorflow',
  'keras',
  'jax',
  'onnx',
  'onnxruntime',
  'xgboost',
  'lightgbm',
  'catboost',
  'transformers',
  'huggingface',
  'vllm',
  'triton',
  'tgi',
  'torchserve',
  'kserve',
]);

/** The framework annotation, else the first tag naming a framework. */
export function frameworkOf(entity: Entity): string | null {
  const annotated = entity.metadata.annotations?.[ANNOTATION_FRAMEWORK]?.trim();
  if (annotated) return annotated.slice(0, 63);
  return entity.metadata.tags?.find(t => FRAMEWORK_TAGS.has(t)) ?? null;
}

/** spec.system as a full ref, or null. */
export function systemRefOf(entity: Entity): string | null {
  return specRefOf(entity, 'system', 'system');
}
