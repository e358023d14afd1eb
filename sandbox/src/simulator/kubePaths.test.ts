import { collectionPath, objectPath, withQuery } from './kubePaths';

describe('kubePaths', () => {
  it.each([
    ['Pod', undefined, '/api/v1/pods'],
    ['Deployment', 'ml', '/apis/apps/v1/namespaces/ml/deployments'],
    ['Namespace', 'ignored', '/api/v1/namespaces'],
    [
      'HorizontalPodAutoscaler',
      undefined,
      '/apis/autoscaling/v2/horizontalpodautoscalers',
    ],
  ])('collectionPath(%s, %s) = %s', (kind, namespace, path) => {
    expect(collectionPath(kind, namespace)).toBe(path);
  });

  it.each([
    ['Pod', 'p-1', 'ml', 'status', '/api/v1/namespaces/ml/pods/p-1/status'],
    [
      'Deployment',
      'scorer',
      'ml',
      'scale',
      '/apis/apps/v1/namespaces/ml/deployments/scorer/scale',
    ],
    ['Pod', 'p-1', 'ml', 'binding', '/api/v1/namespaces/ml/pods/p-1/binding'],
    [
      'Job',
      'run-1',
      'ml',
      undefined,
      '/apis/batch/v1/namespaces/ml/jobs/run-1',
    ],
    [
      'ServiceCIDR',
      'extra',
      undefined,
      undefined,
      '/apis/networking.k8s.io/v1/servicecidrs/extra',
    ],
    [
      'PodDisruptionBudget',
      'x',
      'ml',
      undefined,
      '/apis/policy/v1/namespaces/ml/poddisruptionbudgets/x',
    ],
  ] as const)(
    'objectPath(%s, %s, %s, %s) = %s',
    (kind, name, namespace, subresource, path) => {
      expect(objectPath(kind, name, namespace, subresource)).toBe(path);
    },
  );

  it('refuses unknown kinds and namespaced objects without a namespace', () => {
    expect(() => objectPath('Widget', 'x')).toThrow(
      'no REST mapping for kind Widget',
    );
    expect(() => objectPath('Pod', 'x')).toThrow('Pod x needs a namespace');
  });

  it('encodes queries and drops undefined values', () => {
    expect(
      withQuery('/api/v1/pods', {
        labelSelector: 'app.kubernetes.io/managed-by=mlops-sandbox',
        resourceVersion: '0',
        continue: undefined,
      }),
    ).toBe(
      '/api/v1/pods?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dmlops-sandbox&resourceVersion=0',
    );
    expect(withQuery('/x', {})).toBe('/x');
  });
});
