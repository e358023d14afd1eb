import { ConfigReader } from '@backstage/config';
import { SourceReport } from '@internal/plugin-mlops-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  LocalSandboxConfig,
  LocalSandboxWatch,
  readLocalSandboxConfig,
  withLocalSandboxMarks,
} from './localSandbox';

const sandbox: LocalSandboxConfig = {
  startCommand: './scripts/start.sh',
  sources: {
    kubernetes: ['sandbox-east'],
    prometheus: ['prometheus'],
    alertmanager: [],
    mlflow: [],
  },
};

function report(
  kind: SourceReport['kind'],
  name: string,
  errorKind?: NonNullable<SourceReport['error']>['kind'],
): SourceReport {
  return {
    kind,
    name,
    ok: !errorKind,
    ...(errorKind ? { error: { kind: errorKind, message: 'm' } } : {}),
    requests: 1,
    durationMs: 1,
  };
}

const marked = (sources: SourceReport[]) =>
  sources.filter(s => s.localSandboxDown).map(s => `${s.kind}/${s.name}`);

describe('LocalSandboxWatch', () => {
  it.each`
    what                                               | sources                                                                                                                         | expected
    ${'the whole sandbox refusing'}                    | ${[report('prometheus', 'prometheus', 'unreachable'), report('kubernetes', 'sandbox-east', 'unreachable')]}                     | ${['prometheus/prometheus', 'kubernetes/sandbox-east']}
    ${'the sandbox timing out'}                        | ${[report('prometheus', 'prometheus', 'timeout')]}                                                                              | ${['prometheus/prometheus']}
    ${'one cluster stopped, the Prometheus answering'} | ${[report('prometheus', 'prometheus'), report('kubernetes', 'sandbox-east', 'unreachable')]}                                    | ${[]}
    ${'a cluster refusing, the Prometheus not asked'}  | ${[{ ...report('prometheus', 'prometheus'), requests: 0, durationMs: 0 }, report('kubernetes', 'sandbox-east', 'unreachable')]} | ${['kubernetes/sandbox-east']}
    ${'a sandbox cluster refusing a token'}            | ${[report('kubernetes', 'sandbox-east', 'unauthorized')]}                                                                       | ${[]}
    ${'another cluster refusing beside the sandbox'}   | ${[report('kubernetes', 'prod-east', 'unreachable'), report('kubernetes', 'sandbox-east', 'unreachable')]}                      | ${['kubernetes/sandbox-east']}
    ${'a cluster named like the sandbox Prometheus'}   | ${[report('kubernetes', 'prometheus', 'unreachable')]}                                                                          | ${[]}
  `('$what: marks $expected', ({ sources, expected }) => {
    expect(marked(new LocalSandboxWatch(sandbox).mark(sources))).toEqual(
      expected,
    );
  });

  it('does not call the sandbox down while another of its sources answers', () => {
    const watch = new LocalSandboxWatch(sandbox);
    watch.mark([report('kubernetes', 'sandbox-east')]);
    const prometheusStopped = [
      report('prometheus', 'prometheus', 'unreachable'),
    ];
    expect(marked(watch.mark(prometheusStopped))).toEqual([]);
    // Then the whole sandbox stops: the cluster refuses too.
    watch.mark([report('kubernetes', 'sandbox-east', 'unreachable')]);
    expect(marked(watch.mark(prometheusStopped))).toEqual([
      'prometheus/prometheus',
    ]);
  });

  it('leaves answers without sources, or without mlops.localSandbox, as they are', () => {
    const notConfigured = { state: 'not-configured', reason: 'x' };
    const watch = new LocalSandboxWatch(sandbox);
    expect(withLocalSandboxMarks(notConfigured, watch)).toBe(notConfigured);
    const answer = { sources: [report('prometheus', 'prometheus', 'timeout')] };
    expect(withLocalSandboxMarks(answer, undefined)).toBe(answer);
  });
});

describe('readLocalSandboxConfig', () => {
  const repoFile = (name: string) =>
    yaml.parse(
      fs.readFileSync(path.resolve(__dirname, '../../../..', name), 'utf8'),
    );

  it('reads the local defaults: both sandbox clusters, its Prometheus, Alertmanager and MLflow', () => {
    const config = new ConfigReader(repoFile('app-config.yaml'));
    expect(readLocalSandboxConfig(config)).toEqual({
      startCommand: './scripts/start.sh',
      sources: {
        kubernetes: ['sandbox-east', 'sandbox-west'],
        prometheus: ['prometheus'],
        alertmanager: ['alertmanager'],
        mlflow: ['sandbox'],
      },
    });
  });

  it('is off in production, which is loaded on top of the local defaults', () => {
    const config = ConfigReader.fromConfigs(
      ['app-config.yaml', 'app-config.production.yaml'].map(name => ({
        context: name,
        data: repoFile(name),
      })),
    );
    expect(readLocalSandboxConfig(config)).toBeUndefined();
  });
});
