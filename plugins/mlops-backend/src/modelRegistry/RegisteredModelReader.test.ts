import { CacheService } from '@backstage/backend-plugin-api';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SharedAnswers } from '../shared/SharedAnswers';
import {
  modelNotFound,
  registeredModelGet,
  runGet,
  versionsNewestFirst,
} from './__fixtures__/mlflowResponses';
import { MlflowConfig } from './config';
import { RegisteredModelReader } from './RegisteredModelReader';

const MLFLOW = 'http://mlflow.test';
const API = `${MLFLOW}/api/2.0/mlflow`;
const config: MlflowConfig = {
  registry: { name: 'sandbox', url: MLFLOW, timeoutMs: 2000 },
  uiUrl: 'https://mlflow.example.com/',
  cacheTtlMs: 60_000,
};

const server = setupServer();
let asked: string[] = [];
let down = false;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  asked = [];
  down = false;
  const answer =
    (body: (url: URL) => Response) =>
    ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      asked.push(url.pathname.replace('/api/2.0/mlflow/', ''));
      return down ? HttpResponse.error() : body(url);
    };
  server.resetHandlers(
    http.get(
      `${API}/registered-models/get`,
      answer(url =>
        url.searchParams.get('name') === 'fraud-scorer'
          ? HttpResponse.json(registeredModelGet)
          : HttpResponse.json(modelNotFound, { status: 404 }),
      ),
    ),
    http.get(
      `${API}/model-versions/search`,
      answer(() => HttpResponse.json({ model_versions: versionsNewestFirst })),
    ),
    http.get(
      `${API}/runs/get`,
      answer(url =>
        HttpResponse.json(runGet(url.searchParams.get('run_id')!, 0.9)),
      ),
    ),
  );
});

function reader() {
  const kept = new Map<string, unknown>();
  const cache = {
    get: async (key: string) => kept.get(key),
    set: async (key: string, value: unknown) => void kept.set(key, value),
    delete: async (key: string) => void kept.delete(key),
  } as unknown as CacheService;
  return new RegisteredModelReader(new SharedAnswers(cache), config);
}

describe('RegisteredModelReader', () => {
  it('reads a model once and shares it: the next answer made no request', async () => {
    const models = reader();
    const first = await models.registeredModel('fraud-scorer');
    expect(first).toMatchObject({ ok: true, requests: 5 });
    expect(asked).toEqual([
      'registered-models/get',
      'model-versions/search',
      'runs/get',
      'runs/get',
      'runs/get',
    ]);
    const second = await models.registeredModel('fraud-scorer');
    expect(second).toMatchObject({ ok: true, requests: 0, durationMs: 0 });
    expect(asked).toHaveLength(5);
  });

  it('keeps a model the registry does not hold, naming the annotation', async () => {
    const models = reader();
    const answer = await models.registeredModel('nope');
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'not-configured',
        message:
          "Registered model 'nope' not found in MLflow registry 'sandbox'; set the annotation mlops-portal.io/mlflow-registered-model to the model's name in MLflow registry 'sandbox'",
      },
      requests: 1,
      durationMs: expect.any(Number),
    });
    await models.registeredModel('nope');
    expect(asked).toEqual(['registered-models/get']);
  });

  it('does not keep a failure: the next answer asks again', async () => {
    const models = reader();
    down = true;
    expect(await models.registeredModel('fraud-scorer')).toMatchObject({
      ok: false,
      error: { kind: 'unreachable' },
      requests: 1,
    });
    down = false;
    expect(await models.registeredModel('fraud-scorer')).toMatchObject({
      ok: true,
      requests: 5,
    });
  });

  it('refuses a name MLflow cannot hold without asking', async () => {
    const answer = await reader().registeredModel("x' OR name LIKE '%");
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'not-configured',
        message: expect.stringContaining(
          'mlops-portal.io/mlflow-registered-model',
        ),
      },
      requests: 0,
    });
    expect(asked).toEqual([]);
  });

  it('links to the model and its versions in the UI', () => {
    const models = reader();
    expect(models.modelUrl('fraud scorer')).toBe(
      'https://mlflow.example.com/#/models/fraud%20scorer',
    );
    expect(models.versionUrl('fraud-scorer', '8')).toBe(
      'https://mlflow.example.com/#/models/fraud-scorer/versions/8',
    );
  });
});
