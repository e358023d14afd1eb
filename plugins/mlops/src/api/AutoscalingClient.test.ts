import { AutoscalingClient } from './AutoscalingClient';

describe('AutoscalingClient', () => {
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };

  it('reads the autoscaling of an entity, its ref lowercased and encoded', async () => {
    const fetch = jest.fn(async () => new Response('{"state":"ok"}'));
    const client = new AutoscalingClient({ discoveryApi, fetchApi: { fetch } });
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

  it('turns an error answer into a ResponseError carrying its message', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: "Invalid request: unknown query parameter 'x'",
            },
            response: { statusCode: 400 },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const client = new AutoscalingClient({ discoveryApi, fetchApi: { fetch } });
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
});
