import { SourceReport, StatusReason } from '@internal/plugin-mlops-common';
import {
  failedSourcesMessage,
  reasonsToShow,
  splitFailedSources,
} from './sourceFailures';

const answered = (kind: SourceReport['kind'], name: string): SourceReport => ({
  kind,
  name,
  ok: true,
  requests: 1,
  durationMs: 4,
});

const refused = (
  kind: SourceReport['kind'],
  name: string,
  sandbox = false,
): SourceReport => ({
  kind,
  name,
  ok: false,
  error: {
    kind: 'unreachable',
    message: `${name} is unreachable (ECONNREFUSED)`,
  },
  ...(sandbox
    ? { localSandboxDown: { startCommand: './scripts/start.sh' } }
    : {}),
  requests: 1,
  durationMs: 2,
});

describe('failedSourcesMessage', () => {
  it.each`
    what                                         | sources                                                                                       | kinds                           | expected
    ${'every source answered'}                   | ${[answered('prometheus', 'main'), answered('kubernetes', 'east')]}                           | ${['prometheus']}               | ${undefined}
    ${'only a source of another kind failed'}    | ${[answered('prometheus', 'main'), refused('kubernetes', 'east')]}                            | ${['prometheus']}               | ${undefined}
    ${'the metrics source refused'}              | ${[refused('prometheus', 'main')]}                                                            | ${['prometheus']}               | ${'No answer from Prometheus main: main is unreachable (ECONNREFUSED)'}
    ${'the sandbox Prometheus is down'}          | ${[refused('prometheus', 'prometheus', true)]}                                                | ${['prometheus']}               | ${'No answer from Prometheus prometheus: the local sandbox is not running'}
    ${'both sandbox clusters are down'}          | ${[refused('kubernetes', 'sandbox-east', true), refused('kubernetes', 'sandbox-west', true)]} | ${['kubernetes']}               | ${'No answer from cluster sandbox-east, cluster sandbox-west: the local sandbox is not running'}
    ${'a cluster and Prometheus, either counts'} | ${[refused('kubernetes', 'east'), answered('prometheus', 'main')]}                            | ${['prometheus', 'kubernetes']} | ${'No answer from cluster east: east is unreachable (ECONNREFUSED)'}
    ${'the model registry refused'}              | ${[refused('mlflow', 'sandbox'), answered('kubernetes', 'east')]}                             | ${['mlflow']}                   | ${'No answer from MLflow sandbox: sandbox is unreachable (ECONNREFUSED)'}
  `('$what', ({ sources, kinds, expected }) => {
    expect(failedSourcesMessage(sources, kinds)).toBe(expected);
  });
});

describe('splitFailedSources', () => {
  it('keeps the sandbox sources apart, with the command that starts it', () => {
    const split = splitFailedSources([
      refused('prometheus', 'prometheus', true),
      refused('kubernetes', 'team-dev'),
      answered('kubernetes', 'sandbox-west'),
    ]);
    expect(split.sandboxDown.map(s => s.name)).toEqual(['prometheus']);
    expect(split.others.map(s => s.name)).toEqual(['team-dev']);
    expect(split.startCommand).toBe('./scripts/start.sh');
  });
});

describe('reasonsToShow', () => {
  const reason = (code: StatusReason['code']): StatusReason => ({
    code,
    severity: 'unknown',
    message: code,
  });
  const reasons = [
    reason('metrics-unavailable'),
    reason('workloads-unavailable'),
    reason('no-workloads'),
  ];
  it.each`
    what                                       | sources                                                                          | codes
    ${'every source answered'}                 | ${[answered('prometheus', 'main')]}                                              | ${['metrics-unavailable', 'workloads-unavailable', 'no-workloads']}
    ${'only the sandbox is down'}              | ${[refused('prometheus', 'prometheus', true), refused('kubernetes', 'e', true)]} | ${['no-workloads']}
    ${'the sandbox and another source failed'} | ${[refused('prometheus', 'prometheus', true), refused('kubernetes', 'east')]}    | ${['metrics-unavailable', 'workloads-unavailable', 'no-workloads']}
    ${'a source that is not the sandbox'}      | ${[refused('prometheus', 'main')]}                                               | ${['metrics-unavailable', 'workloads-unavailable', 'no-workloads']}
  `('$what: shows $codes', ({ sources, codes }) => {
    expect(reasonsToShow(reasons, sources).map(r => r.code)).toEqual(codes);
  });
});
