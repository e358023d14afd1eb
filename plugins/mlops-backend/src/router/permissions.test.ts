import request from 'supertest';
import {
  healthPath,
  startPlugin,
  user,
  useServingUpstream,
} from '../__testUtils__/servingUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/* Who may ask: a token, an entity in the catalog and the permission. */
describe('/api/mlops permissions', () => {
  useServingUpstream();

  it('refuses a request without a token with 401', async () => {
    const server = await startPlugin();
    const response = await request(server).get(healthPath('fraud-scorer'));
    expect(response.status).toBe(401);
    expect(response.body.error.name).toBe('AuthenticationError');
  });

  it('answers 404 with a message for an unknown entity', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('no-such-service'))
      .set('authorization', user);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-service in the catalog',
    });
  });

  it('answers 403 when the permission policy says no', async () => {
    const server = await startPlugin({ deny: true });
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'You may not read the MLOps views of component:default/fraud-scorer',
    );
  });
});
