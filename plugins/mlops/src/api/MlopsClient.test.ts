import { MlopsClient } from './MlopsClient';

/** The body the backend's error handler sends for a thrown error. */
function errorAnswer(
  status: number,
  statusText: string,
  error: { name: string; message: string },
): Response {
  return new Response(
    JSON.stringify({ error, response: { statusCode: status } }),
    { status, statusText, headers: { 'content-type': 'application/json' } },
  );
}

describe('MlopsClient', () => {
  const entity = {
    kind: 'Component',
    namespace: 'default',
    name: 'fraud-scorer',
  };
  const team = { kind: 'Group', namespace: 'default', name: 'fraud-ml' };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };

  function clientAnswering(answer: () => Response) {
    const fetch = jest.fn(async () => answer());
    return {
      fetch,
      client: new MlopsClient({ discoveryApi, fetchApi: { fetch } }),
    };
  }

  it('reads the health of an entity from /api/mlops', async () => {
    const { fetch, client } = clientAnswering(
      () => new Response(JSON.stringify({ state: 'ok' })),
    );
    await expect(client.getServingHealth(entity)).resolves.toEqual({
      state: 'ok',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/serving-health',
    );
  });

  it('asks for the chosen range of the time series', async () => {
    const { fetch, client } = clientAnswering(() => new Response('{}'));
    await client.getServingTimeSeries(entity, '24h');
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=24h',
    );
  });

  it('reads the alerts of an entity', async () => {
    const { fetch, client } = clientAnswering(
      () => new Response('{"state":"ok"}'),
    );
    await client.getEntityAlerts(entity);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/alerts',
    );
  });

  it('reads the autoscaling of an entity, its ref lowercased and encoded', async () => {
    const { fetch, client } = clientAnswering(
      () => new Response('{"state":"ok"}'),
    );
    await expect(
      client.getAutoscaling({
        kind: 'Component',
        namespace: 'Team A',
        name: 'fraud-scorer',
      }),
    ).resolves.toEqual({ state: 'ok' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/team%20a/fraud-scorer/autoscaling',
    );
  });

  it('reads the delivery of an entity', async () => {
    const { fetch, client } = clientAnswering(
      () => new Response('{"state":"ok"}'),
    );
    await expect(client.getDelivery(entity)).resolves.toEqual({
      state: 'ok',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/delivery',
    );
  });

  it('asks for the period of the GPU jobs', async () => {
    const { fetch, client } = clientAnswering(
      () => new Response('{"state":"ok"}'),
    );
    await expect(client.getGpuJobs(team, 30)).resolves.toEqual({
      state: 'ok',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/group/default/fraud-ml/gpu-jobs?days=30',
    );
  });

  it('encodes the job in the drawer path', async () => {
    const { fetch, client } = clientAnswering(() => new Response('{}'));
    await client.getGpuJob(team, {
      cluster: 'east/1',
      namespace: 'ml',
      name: 'train',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/group/default/fraud-ml/gpu-jobs/east%2F1/ml/train',
    );
  });

  describe('turns an error answer into a ResponseError carrying its message', () => {
    it('of the serving health', async () => {
      const { client } = clientAnswering(() =>
        errorAnswer(404, 'Not Found', {
          name: 'NotFoundError',
          message: 'No entity component:default/x in the catalog',
        }),
      );
      await expect(client.getServingHealth(entity)).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 404,
        cause: { message: 'No entity component:default/x in the catalog' },
      });
    });

    it('of the autoscaling', async () => {
      const { client } = clientAnswering(() =>
        errorAnswer(400, 'Bad Request', {
          name: 'InputError',
          message: "Invalid request: unknown query parameter 'x'",
        }),
      );
      await expect(
        client.getAutoscaling({
          kind: 'Component',
          namespace: 'default',
          name: 'x',
        }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        body: {
          error: { message: "Invalid request: unknown query parameter 'x'" },
        },
      });
    });

    it('of the GPU jobs', async () => {
      const { client } = clientAnswering(() =>
        errorAnswer(400, '', {
          name: 'InputError',
          message: "query parameter 'days': too big",
        }),
      );
      await expect(client.getGpuJobs(team, 400)).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 400,
        cause: { message: "query parameter 'days': too big" },
      });
    });
  });
});
