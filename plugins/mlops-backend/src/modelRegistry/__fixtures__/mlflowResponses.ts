/*
 * Bodies of MLflow's REST API as `mlflow server` 3.17.2 answered them for the
 * sandbox's seeded registry (sandbox/mlflow/seed.py), trimmed; field names
 * and shapes as MLflow's REST API reference lists them.
 */

const RUN_V1 = '906067351b3148038ea5ec93ed5e4a1a';
const RUN_V2 = 'db09998156ca4d5487d445a45df975e0';
const RUN_V3 = '2b70c196ca51465792f3a78556a1bc88';
export const RUN_IDS = [RUN_V1, RUN_V2, RUN_V3];

const version = (v: string, runId: string, stage: string, created: number) => ({
  name: 'fraud-scorer',
  version: v,
  creation_timestamp: created,
  last_updated_timestamp: created + 400,
  current_stage: stage,
  description: 'Retrained on 2026-11-14 data.',
  source: `runs:/${runId}/model`,
  run_id: runId,
  status: 'READY',
  tags: [
    { key: 'mlops.seed', value: `fraud-scorer-v${v}` },
    { key: 'framework', value: 'scikit-learn' },
  ],
  run_link: '',
});

export const versionsNewestFirst = [
  version('3', RUN_V3, 'Staging', 1796397622682),
  version('2', RUN_V2, 'Production', 1796397622470),
  version('1', RUN_V1, 'Archived', 1796397622260),
];

/** GET /api/2.0/mlflow/registered-models/get?name=fraud-scorer */
export const registeredModelGet = {
  registered_model: {
    name: 'fraud-scorer',
    creation_timestamp: 1796397622010,
    last_updated_timestamp: 1796397623049,
    description: 'The model served by fraud-scorer.',
    latest_versions: versionsNewestFirst,
    tags: [{ key: 'mlops.service', value: 'fraud-scorer' }],
    aliases: [
      { alias: 'challenger', version: '3' },
      { alias: 'champion', version: '2' },
    ],
  },
};

/** GET /api/2.0/mlflow/registered-models/alias?name=fraud-scorer&alias=champion */
export const aliasGet = {
  model_version: { ...versionsNewestFirst[1], aliases: ['champion'] },
};

/** GET /api/2.0/mlflow/runs/get?run_id=... */
export const runGet = (runId: string, auc: number) => ({
  run: {
    info: {
      run_uuid: runId,
      experiment_id: '3',
      run_name: `train-${runId.slice(0, 4)}`,
      user_id: 'unknown',
      status: 'FINISHED',
      start_time: 1794641600000,
      end_time: 1794645500000,
      artifact_uri: `/tmp/mlflow-proto/state/artifacts/3/${runId}/artifacts`,
      lifecycle_stage: 'active',
      run_id: runId,
    },
    data: {
      metrics: [
        { key: 'auc', value: auc, timestamp: 1794645200000, step: 0 },
        { key: 'accuracy', value: 0.984, timestamp: 1794645200000, step: 0 },
        { key: 'val_loss', value: 0.063, timestamp: 1794645200000, step: 0 },
      ],
      params: [
        { key: 'model_type', value: 'HistGradientBoostingClassifier' },
        { key: 'max_iter', value: '300' },
      ],
      tags: [{ key: 'mlflow.runName', value: 'train-fraud-scorer-2' }],
    },
    inputs: {},
    outputs: {},
  },
});

export const modelNotFound = {
  error_code: 'RESOURCE_DOES_NOT_EXIST',
  message: 'Registered Model with name=nope not found',
};
export const aliasNotFound = {
  error_code: 'INVALID_PARAMETER_VALUE',
  message: 'Registered model alias blue not found.',
};
export const runNotFound = (runId: string) => ({
  error_code: 'RESOURCE_DOES_NOT_EXIST',
  message: `Run with id=${runId} not found`,
});
