import { RevisionView } from '@internal/plugin-mlops-common';
import { deliveryModelRegistry, servedVersions } from './servedModels';

const revision = (
  role: RevisionView['role'],
  modelVersion: string | null,
  replicas: number,
): RevisionView => ({
  podTemplateHash: `h-${role}-${modelVersion}`,
  replicaSet: `fraud-scorer-${role}`,
  revision: '1',
  role,
  images: [],
  modelVersion,
  desiredReplicas: replicas,
  readyReplicas: replicas,
  availableReplicas: replicas,
  createdAt: null,
  slo: null,
});

describe('the model versions a service serves', () => {
  it('are those of the stable and canary revisions that have pods, stable first', () => {
    expect(
      servedVersions([
        revision('canary', '8', 1),
        revision('stable', '7', 4),
        revision('old', '6', 0),
        revision('canary', null, 1),
      ]),
    ).toEqual([
      { version: '7', roles: ['stable'] },
      { version: '8', roles: ['canary'] },
    ]);
  });

  it('name one version once with every role it plays; a scaled-down canary serves nothing', () => {
    expect(
      servedVersions([
        revision('canary', '8', 1),
        revision('stable', '8', 4),
        revision('canary', '9', 0),
      ]),
    ).toEqual([{ version: '8', roles: ['stable', 'canary'] }]);
  });

  it('link to the registry and carry the details it holds, or the error it gave', () => {
    const view = deliveryModelRegistry({
      registry: 'mlflow',
      model: 'fraud-scorer',
      modelUrl: 'http://mlflow/#/models/fraud-scorer',
      versionUrl: v => `http://mlflow/#/models/fraud-scorer/versions/${v}`,
      registeredModel: null,
      error: {
        kind: 'unreachable',
        message: "MLflow registry 'mlflow' is unreachable (ECONNREFUSED)",
      },
      revisions: [revision('stable', '7', 4)],
    });
    expect(view).toEqual({
      registry: 'mlflow',
      model: 'fraud-scorer',
      url: 'http://mlflow/#/models/fraud-scorer',
      registeredModel: null,
      served: [
        {
          version: '7',
          roles: ['stable'],
          url: 'http://mlflow/#/models/fraud-scorer/versions/7',
          details: null,
        },
      ],
      error: {
        kind: 'unreachable',
        message: expect.stringContaining("'mlflow'"),
      },
    });
  });
});
