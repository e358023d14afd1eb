/* Model versions of a model service, as an MLflow model registry holds them. */

import { SourceErrorKind } from './answers';

/**
 * The registered model a model service serves, when its name is not the
 * entity's name. No standard annotation exists for it.
 * @public
 */
export const ANNOTATION_MLFLOW_REGISTERED_MODEL =
  'mlops-portal.io/mlflow-registered-model';

/** Where a model version's registration is; only `READY` versions can be served. @public */
export type ModelVersionStatus =
  | 'PENDING_REGISTRATION'
  | 'FAILED_REGISTRATION'
  | 'READY';

/** The training run a model version was made from. @public */
export interface TrainingRunSummary {
  runId: string;
  runName?: string;
  /** `RUNNING`, `FINISHED`, `FAILED`, `KILLED` or `SCHEDULED`. */
  status: string;
  startedAt?: string;
  endedAt?: string;
  /** Latest value of each metric, e.g. `auc`, `accuracy`, `val_loss`. */
  metrics: Record<string, number>;
  params: Record<string, string>;
}

/** One version of a registered model. @public */
export interface ModelVersionSummary {
  version: string;
  /** MLflow 3's way to mark versions, e.g. `champion`, `challenger`. */
  aliases: string[];
  /**
   * The deprecated stage (`Staging`, `Production`, `Archived`) of
   * registries that still use them; undefined for `None`.
   */
  stage?: string;
  status: ModelVersionStatus | string;
  statusMessage?: string;
  /** The run that produced it; absent for versions registered from a path. */
  runId?: string;
  /** Where its files are, e.g. `runs:/<run id>/model` or `models:/m-<id>`. */
  source: string;
  createdAt: string;
  description?: string;
  tags: Record<string, string>;
  /** The run's metrics and params, when read (see `runsRead`). */
  run?: TrainingRunSummary;
  /** Why `run` is missing although `runId` is set, e.g. the run was deleted. */
  runProblem?: string;
}

/** What one MLflow registry knows of a registered model. @public */
export interface RegisteredModelSummary {
  /** The registry, by its configured name. */
  registry: string;
  name: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  /** Alias → version. */
  aliases: Record<string, string>;
  /** Newest first. */
  versions: ModelVersionSummary[];
  /** The registry holds more versions than were read. */
  truncated: boolean;
}

/** Why the registry gave no answer. @public */
export interface ModelRegistryError {
  kind: SourceErrorKind;
  message: string;
}
