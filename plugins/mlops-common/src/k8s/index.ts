export type { LabelOperator, LabelRequirement } from './labelRequirement';
export { isLabelValue, labelKeyProblem } from './labelRequirement';
export type { LabelSelector, LabelSelectorParse } from './labelSelector';
export { matchesLabelSelector, parseLabelSelector } from './labelSelector';
export { parseQuantity } from './quantity';
export { isDnsSubdomain, isNamespaceName } from './names';
export {
  formatLabelSelector,
  normalLabelSelector,
} from './normalLabelSelector';
export type { MigSlice } from './migSlice';
export {
  gpuEquivalentOf,
  MIG_RESOURCE_PREFIX,
  migSliceOf,
  migSliceOfProfile,
} from './migSlice';
