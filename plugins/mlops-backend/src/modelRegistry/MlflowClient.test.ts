import { InputError, NotFoundError } from '@backstage/errors';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MlflowClient, MlflowRegistry } from './MlflowClient';
import {
  aliasGet,
  aliasNotFound,
  modelNotFound,
  registeredModelGet,
  RUN_IDS,
  runGet,
  runNotFound,
  versionsNewestFirst,
} from './__fixtures__/mlflowResponses';

const MLFLOW = 'http://mlflow.test';
const API = `${MLFLOW}/api/2.0/mlflow`;
const registry: MlflowRegistry = {
  name: 'sandbox',
  url: MLFLOW,
  timeoutMs: 2000,
};

const server = setupServer();
const seen: URL[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  seen.length = 0;
  server.resetHandlers();
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => {
    seen.push(new URL(request.url));
  });
});

/** The seeded fraud-scorer: versions served `perPage` at a time, like MLflow's page tokens. */
function registryHolds(
  options: { perPage?: number; deletedRuns?: string[] } = {},
) {
  const perPage = options.perPage ?? 100;
  server.use(
    http.get(`${API}/registered-models/get`, ({ request }) =>
      new URL(request.url).searchParams.get('name') === 'fraud-scorer'
        ? HttpResponse.json(registeredModelGet)
        : HttpResponse.json(modelNotFound, { status: 404 }),
    ),
    http.get(`${API}/model-versions/search`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      if (params.get('filter') !== "name='fraud-scorer'")
        return HttpResponse.json({});
      const offset = Number(params.get('page_token') ?? 0);
      const size = Math.min(perPage, Number(params.get('max_results')));
      const page = versionsNewestFirst.slice(offset, offset + size);
      const next =
        offset + size < versionsNewestFirst.length
          ? `${offset + size}`
          : undefined;
      return HttpResponse.json({ model_versions: page, next_page_token: next });
    }),
    http.get(`${API}/registered-models/alias`, ({ request }) =>
      new URL(request.url).searchParams.get('alias') === 'champion'
        ? HttpResponse.json(aliasGet)
        : HttpResponse.json(aliasNotFound, { status: 400 }),
    ),
    http.get(`${API}/runs/get`, ({ request }) => {
      const runId = new URL(request.url).searchParams.get('run_id')!;
      if (options.deletedRuns?.includes(runId)) {
        return HttpResponse.json(runNotFound(runId), { status: 404 });
      }
      return HttpResponse.json(
        runGet(runId, 0.9 + RUN_IDS.indexOf(runId) / 100),
      );
    }),
  );
}

describe('MlflowClient.registeredModel', () => {
  it('reads every version page by page, with aliases, stages and the runs of the marked versions', async () => {
    registryHolds({ perPage: 2 });
    const answer = await new MlflowClient(registry).registeredModel(
      'fraud-scorer',
    );
    if (!answer.ok) throw new Error(answer.error.message);
    const model = answer.value;
    expect(model).toMatchObject({
      registry: 'sandbox',
      name: 'fraud-scorer',
      aliases: { champion: '2', challenger: '3' },
      createdAt: '2026-12-04T15:20:22.010Z',
      truncated: false,
    });
    expect(model.versions.map(v => [v.version, v.aliases, v.stage])).toEqual([
      ['3', ['challenger'], 'Staging'],
      ['2', ['champion'], 'Production'],
      ['1', [], 'Archived'],
    ]);
    expect(model.versions[1]).toMatchObject({
      runId: RUN_IDS[1],
      source: `runs:/${RUN_IDS[1]}/model`,
      status: 'READY',
      tags: { framework: 'scikit-learn', 'mlops.seed': 'fraud-scorer-v2' },
      run: {
        runId: RUN_IDS[1],
        status: 'FINISHED',
        metrics: { auc: 0.91, accuracy: 0.984, val_loss: 0.063 },
        params: { max_iter: '300' },
        startedAt: '2026-11-14T07:33:20.000Z',
      },
    });
    const searches = seen.filter(u =>
      u.pathname.endsWith('/model-versions/search'),
    );
    expect(searches.map(u => u.searchParams.get('page_token'))).toEqual([
      null,
      '2',
    ]);
    // get, two search pages, three runs
    expect(answer.requests).toBe(6);
  });

  it('reads at most maxRuns runs, aliased versions first, and says when versions were left', async () => {
    registryHolds({ perPage: 1 });
    const client = new MlflowClient({
      ...registry,
      maxRuns: 1,
      maxVersions: 2,
    });
    const answer = await client.registeredModel('fraud-scorer');
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.truncated).toBe(true);
    expect(answer.value.versions.map(v => [v.version, Boolean(v.run)])).toEqual(
      [
        ['3', true],
        ['2', false],
      ],
    );
  });

  it('keeps a version whose run was deleted and says why it has no metrics', async () => {
    registryHolds({ deletedRuns: [RUN_IDS[2]] });
    const answer = await new MlflowClient(registry).registeredModel(
      'fraud-scorer',
    );
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.versions[0].run).toBeUndefined();
    expect(answer.value.versions[0].runProblem).toBe(
      `Run '${RUN_IDS[2]}' no longer exists in MLflow registry 'sandbox'`,
    );
    expect(answer.value.versions[1].run?.metrics.auc).toBe(0.91);
  });

  it('throws NotFoundError naming the model and the registry', async () => {
    registryHolds();
    const read = new MlflowClient(registry).registeredModel('nope');
    await expect(read).rejects.toThrow(NotFoundError);
    await expect(read).rejects.toThrow(
      "Registered model 'nope' not found in MLflow registry 'sandbox'",
    );
  });

  it.each([["fraud' OR name LIKE '%"], ['../../experiments/delete'], ['']])(
    'refuses %p before any request',
    async name => {
      registryHolds();
      await expect(
        new MlflowClient(registry).registeredModel(name),
      ).rejects.toThrow(InputError);
      expect(seen).toEqual([]);
    },
  );

  it('sends the token as a bearer token and types a 401', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(`${API}/registered-models/get`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json(
          { error_code: 'UNAUTHENTICATED', message: 'Credential required' },
          { status: 401 },
        );
      }),
    );
    const answer = await new MlflowClient({
      ...registry,
      token: 's3cret',
    }).registeredModel('fraud-scorer');
    expect(authorization).toBe('Bearer s3cret');
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'unauthorized',
        message: expect.stringContaining("'sandbox' refused"),
      },
    });
  });

  it('types an answer that is not MLflow, e.g. a wrong base URL', async () => {
    server.use(
      http.get(`${API}/registered-models/get`, () =>
        HttpResponse.html('<h1>Not Found</h1>', { status: 404 }),
      ),
    );
    const answer = await new MlflowClient(registry).registeredModel(
      'fraud-scorer',
    );
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'bad-response',
        message:
          "MLflow registry 'sandbox' answered HTTP 404 without JSON; is its url the tracking server's base URL?",
      },
    });
  });

  it('reports MLflow’s own error code for other failures', async () => {
    server.use(
      http.get(`${API}/registered-models/get`, () =>
        HttpResponse.json(
          { error_code: 'INTERNAL_ERROR', message: 'database is locked' },
          { status: 500 },
        ),
      ),
    );
    const answer = await new MlflowClient(registry).registeredModel(
      'fraud-scorer',
    );
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'bad-response',
        message:
          "MLflow registry 'sandbox' answered HTTP 500: INTERNAL_ERROR database is locked",
      },
      requests: 1,
    });
  });

  it('gives up after timeoutMs for the whole answer', async () => {
    server.use(
      http.get(`${API}/registered-models/get`, async () => {
        await delay(1000);
        return HttpResponse.json(registeredModelGet);
      }),
    );
    const answer = await new MlflowClient({
      ...registry,
      timeoutMs: 50,
    }).registeredModel('fraud-scorer');
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'timeout',
        message: "MLflow registry 'sandbox' did not answer within 50 ms",
      },
    });
    expect(answer.durationMs).toBeLessThan(900);
  });

  it('stops when the caller cancels', async () => {
    server.use(
      http.get(`${API}/registered-models/get`, async () => {
        await delay(1000);
        return HttpResponse.json(registeredModelGet);
      }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const answer = await new MlflowClient(registry).registeredModel(
      'fraud-scorer',
      controller.signal,
    );
    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'timeout', message: expect.stringContaining('cancelled') },
    });
  });

  it('types a registry nobody listens on as unreachable', async () => {
    // msw stands in for a connection that fails; the integration test makes a
    // real one to a closed port and sees ECONNREFUSED.
    server.use(
      http.get(`${API}/registered-models/get`, () => HttpResponse.error()),
    );
    const client = new MlflowClient(registry);
    const answer = await client.registeredModel('fraud-scorer');
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'unreachable',
        message: expect.stringMatching(
          /^MLflow registry 'sandbox' is unreachable \(/,
        ),
      },
    });
  });
});

describe('MlflowClient.versionByAlias', () => {
  it('reads the version an alias points at, with its run', async () => {
    registryHolds();
    const answer = await new MlflowClient(registry).versionByAlias(
      'fraud-scorer',
      'champion',
    );
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value).toMatchObject({
      version: '2',
      aliases: ['champion'],
      stage: 'Production',
      run: { metrics: { auc: 0.91 } },
    });
    expect(answer.requests).toBe(2);
  });

  it('throws NotFoundError for an alias the model does not have (MLflow answers 400)', async () => {
    registryHolds();
    await expect(
      new MlflowClient(registry).versionByAlias('fraud-scorer', 'blue'),
    ).rejects.toThrow(
      "Registered model 'fraud-scorer' has no alias 'blue' in MLflow registry 'sandbox'",
    );
  });

  it('types a registry too old for aliases', async () => {
    server.use(
      http.get(`${API}/registered-models/alias`, () =>
        HttpResponse.json(
          {
            error_code: 'ENDPOINT_NOT_FOUND',
            message: 'No API endpoint found',
          },
          { status: 404 },
        ),
      ),
    );
    const answer = await new MlflowClient(registry).versionByAlias(
      'fraud-scorer',
      'champion',
    );
    expect(answer).toMatchObject({
      ok: false,
      error: {
        kind: 'bad-response',
        message: expect.stringContaining('ENDPOINT_NOT_FOUND'),
      },
    });
  });

  it.each([['latest'], ['v2'], ["x' or '1"]])(
    'refuses the alias %p',
    async alias => {
      await expect(
        new MlflowClient(registry).versionByAlias('fraud-scorer', alias),
      ).rejects.toThrow(InputError);
      expect(seen).toEqual([]);
    },
  );
});
