import { ConfigReader } from '@backstage/config';
import { SourceReport } from '@internal/plugin-mlops-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  LocalSandboxConfig,
  markLocalSandboxDown,
  readLocalSandboxConfig,
  withLocalSandboxMarks,
} from './localSandbox';

const sandbox: LocalSandboxConfig = {
  startCommand: './scripts/start.sh',
  sources: {
    kubernetes: ['sandbox-east'],
    prometheus: ['prometheus'],
    alertmanager: [],
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

describe('markLocalSandboxDown', () => {
  it.each`
    what                                     | source                                                  | marked
    ${'a sandbox cluster refusing'}          | ${report('kubernetes', 'sandbox-east', 'unreachable')}  | ${true}
    ${'the sandbox Prometheus timing out'}   | ${report('prometheus', 'prometheus', 'timeout')}        | ${true}
    ${'a sandbox cluster that answered'}     | ${report('kubernetes', 'sandbox-east')}                 | ${false}
    ${'a sandbox cluster refusing a token'}  | ${report('kubernetes', 'sandbox-east', 'unauthorized')} | ${false}
    ${'another cluster refusing'}            | ${report('kubernetes', 'prod-east', 'unreachable')}     | ${false}
    ${'a cluster named like the Prometheus'} | ${report('kubernetes', 'prometheus', 'unreachable')}    | ${false}
  `('$what: marked $marked', ({ source, marked }) => {
    const [result] = markLocalSandboxDown([source], sandbox);
    expect(result.localSandboxDown).toEqual(
      marked ? { startCommand: './scripts/start.sh' } : undefined,
    );
  });

  it('marks nothing without mlops.localSandbox', () => {
    const sources = [report('prometheus', 'prometheus', 'unreachable')];
    expect(markLocalSandboxDown(sources, undefined)).toBe(sources);
  });

  it('leaves answers without sources as they are', () => {
    const notConfigured = { state: 'not-configured', reason: 'x' };
    expect(withLocalSandboxMarks(notConfigured, sandbox)).toBe(notConfigured);
  });
});

describe('readLocalSandboxConfig', () => {
  const repoFile = (name: string) =>
    yaml.parse(
      fs.readFileSync(path.resolve(__dirname, '../../../..', name), 'utf8'),
    );

  it('reads the local defaults: both sandbox clusters and its Prometheus', () => {
    const config = new ConfigReader(repoFile('app-config.yaml'));
    expect(readLocalSandboxConfig(config)).toEqual({
      startCommand: './scripts/start.sh',
      sources: {
        kubernetes: ['sandbox-east', 'sandbox-west'],
        prometheus: ['prometheus'],
        alertmanager: [],
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
