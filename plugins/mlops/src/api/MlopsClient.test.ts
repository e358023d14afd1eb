import { MlopsClient } from './MlopsClient';

describe('MlopsClient', () => {
  const entity = {
    kind: 'Component',
    namespace: 'default',
    name: 'fraud-scorer',
  };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };

  it('reads the health of an entity from /api/mlops', async () => {
    const fetch = jest.fn(
      async () => new Response(JSON.stringify({ state: 'ok' })),
    );
    const client = new MlopsClient({ discoveryApi, fetchApi: { fetch } });
    await expect(client.getServingHealth(entity)).resolves.toEqual({
      state: 'ok',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/serving-health',
    );
  });

  it('asks for the chosen range of the time series', async () => {
    const fetch = jest.fn(async () => new Response('{}'));
    const client = new MlopsClient({ discoveryApi, fetchApi: { fetch } });
    await client.getServingTimeSeries(entity, '24h');
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=24h',
    );
  });

  it('reads the alerts of an entity', async () => {
    const fetch = jest.fn(async () => new Response('{"state":"ok"}'));
    const client = new MlopsClient({ discoveryApi, fetchApi: { fetch } });
    await client.getEntityAlerts(entity);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/component/default/fraud-scorer/alerts',
    );
  });

  it('turns an error answer into a ResponseError carrying its message', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/x in the catalog',
            },
            response: { statusCode: 404 },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const client = new MlopsClient({ discoveryApi, fetchApi: { fetch } });
    await expect(client.getServingHealth(entity)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'No entity component:default/x in the catalog' },
    });
  });
});
