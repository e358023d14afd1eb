import { ConfigReader } from '@backstage/config';
import { readMlflowConfig } from './config';

const read = (mlflow?: object) =>
  readMlflowConfig(
    new ConfigReader(mlflow ? { mlops: { modelRegistry: { mlflow } } } : {}),
  );

describe('mlops.modelRegistry.mlflow', () => {
  it('is absent unless configured', () => {
    expect(read()).toBeUndefined();
  });

  it('defaults the name, UI, timeout and sharing', () => {
    expect(read({ baseUrl: 'http://mlflow:5000' })).toEqual({
      registry: { name: 'mlflow', url: 'http://mlflow:5000', timeoutMs: 5000 },
      uiUrl: 'http://mlflow:5000',
      cacheTtlMs: 60_000,
    });
  });

  it('reads every key', () => {
    expect(
      read({
        baseUrl: 'http://mlflow.mlflow.svc:5000',
        name: 'prod-registry',
        uiUrl: 'https://mlflow.example.com',
        timeout: '3s',
        cacheTtl: { minutes: 5 },
        token: 's3cret',
      }),
    ).toEqual({
      registry: {
        name: 'prod-registry',
        url: 'http://mlflow.mlflow.svc:5000',
        timeoutMs: 3000,
        token: 's3cret',
      },
      uiUrl: 'https://mlflow.example.com',
      cacheTtlMs: 300_000,
    });
  });

  it.each([
    [
      {},
      "Missing required config value at 'mlops.modelRegistry.mlflow.baseUrl'",
    ],
    [{ baseUrl: 'mlflow:5000' }, 'mlops.modelRegistry.mlflow.baseUrl'],
    [{ baseUrl: 'http://m', uiUrl: 'file:///etc/passwd' }, 'uiUrl'],
    [{ baseUrl: 'http://m', name: 'a b' }, 'mlops.modelRegistry.mlflow.name'],
    [{ baseUrl: 'http://m', timeout: '0s' }, 'timeout must be longer than 0'],
  ])('refuses %j', (mlflow, message) => {
    expect(() => read(mlflow)).toThrow(message);
  });
});
