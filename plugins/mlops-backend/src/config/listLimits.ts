import { Config } from '@backstage/config';
import {
  DEFAULT_LIST_LIMITS,
  ListLimits,
} from '../upstream/kubernetes/listPages';

/** `mlops.limits`: page size and object ceilings, whole numbers of at least 1. */
export function readListLimits(root: Config): ListLimits {
  const section = root.getOptionalConfig('mlops.limits');
  const read = (key: keyof ListLimits) => {
    const value = section?.getOptionalNumber(key) ?? DEFAULT_LIST_LIMITS[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `mlops.limits.${key} must be a whole number of at least 1, not ${value}`,
      );
    }
    return value;
  };
  const limits: ListLimits = {
    pageSize: read('pageSize'),
    maxObjectsPerRead: read('maxObjectsPerRead'),
    maxObjectsPerCollectorRun: read('maxObjectsPerCollectorRun'),
  };
  if (limits.maxObjectsPerCollectorRun < limits.maxObjectsPerRead) {
    throw new Error(
      'mlops.limits.maxObjectsPerCollectorRun must be at least maxObjectsPerRead',
    );
  }
  return limits;
}
