import { GpuJobsClient } from './GpuJobsClient';

describe('GpuJobsClient', () => {
  const entity = { kind: 'Group', namespace: 'default', name: 'fraud-ml' };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };

  it('asks for the period of the GPU jobs', async () => {
    const fetch = jest.fn(async () => new Response('{"state":"ok"}'));
    const client = new GpuJobsClient({ discoveryApi, fetchApi: { fetch } });
    await expect(client.getGpuJobs(entity, 30)).resolves.toEqual({
      state: 'ok',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/group/default/fraud-ml/gpu-jobs?days=30',
    );
  });

  it('encodes the job in the drawer path', async () => {
    const fetch = jest.fn(async () => new Response('{}'));
    const client = new GpuJobsClient({ discoveryApi, fetchApi: { fetch } });
    await client.getGpuJob(entity, {
      cluster: 'east/1',
      namespace: 'ml',
      name: 'train',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/mlops/entities/group/default/fraud-ml/gpu-jobs/east%2F1/ml/train',
    );
  });

  it('turns an error answer into a ResponseError carrying its message', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: "query parameter 'days': too big",
            },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new GpuJobsClient({ discoveryApi, fetchApi: { fetch } });
    await expect(client.getGpuJobs(entity, 400)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { message: "query parameter 'days': too big" },
    });
  });
});
