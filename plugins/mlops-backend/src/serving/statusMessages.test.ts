import { evaluateStatus, formatPercent } from './status';
import { healthy } from '../__testUtils__/servingStatusInput';

describe('evaluateStatus messages', () => {
  it('says what it measured when healthy', () => {
    expect(evaluateStatus(healthy).reasons[0].message).toBe(
      'Within objectives: 60 req/s, 0.030 % errors, p95 40 ms, 3/3 replicas ready',
    );
  });

  it('names the selector and the annotations to check when no series exist', () => {
    expect(
      evaluateStatus({ ...healthy, metricsFound: false }).reasons[0].message,
    ).toBe(
      'No metrics found for model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}; check the annotations backstage.io/kubernetes-id, backstage.io/kubernetes-namespace and mlops-portal.io/metrics-profile',
    );
  });

  it('names the failed source', () => {
    const result = evaluateStatus({
      ...healthy,
      signals: null,
      metricsFailure: "Prometheus 'sandbox' did not answer within 5000 ms",
    });
    expect(result.reasons[0].message).toBe(
      "Traffic, errors and latency are unknown: Prometheus 'sandbox' did not answer within 5000 ms",
    );
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0 %'],
    [0.0003, '0.030 %'],
    [0.0123, '1.2 %'],
    [0.25, '25 %'],
    [1, '100 %'],
  ])('%p → %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });
});
