import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createLogger } from './log';
import { PrometheusRuleObject, ruleFile, syncRuleFiles } from './ruleFiles';

const rule = (name: string): PrometheusRuleObject => ({
  kind: 'PrometheusRule',
  metadata: { name, namespace: 'fraud-ml' },
  spec: {
    groups: [
      {
        name: `${name}.workload`,
        rules: [
          { alert: 'ModelServiceHighErrorRate', expr: 'up == 0', for: '5m' },
          { alert: 'Instant', expr: 'up == 0' },
          { record: 'x:y', expr: 'up' },
        ],
      },
    ],
  },
});

describe('ruleFile', () => {
  it('shortens the for: of alerts and leaves the rest alone', () => {
    expect(parse(ruleFile(rule('fraud-scorer'), '30s'))).toEqual({
      groups: [
        {
          name: 'fraud-scorer.workload',
          rules: [
            { alert: 'ModelServiceHighErrorRate', expr: 'up == 0', for: '30s' },
            { alert: 'Instant', expr: 'up == 0' },
            { record: 'x:y', expr: 'up' },
          ],
        },
      ],
    });
  });

  it('sets the evaluation interval of every group when asked', () => {
    const groups = parse(ruleFile(rule('fraud-scorer'), '30s', '2m')).groups;
    expect(groups.map((g: { interval: string }) => g.interval)).toEqual(['2m']);
  });
});

describe('syncRuleFiles', () => {
  it('writes one file per PrometheusRule and removes files of services gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule-files-'));
    writeFileSync(join(dir, 'sandbox-west.fraud-ml.retired.yml'), 'groups: []');
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    const lines: string[] = [];
    await syncRuleFiles({
      dir,
      alertFor: '30s',
      rules: [{ cluster: 'sandbox-west', rule: rule('fraud-scorer') }],
      log: createLogger(line => lines.push(line)),
    });
    expect(readdirSync(dir).sort()).toEqual([
      'notes.txt',
      'sandbox-west.fraud-ml.fraud-scorer.yml',
    ]);
    expect(
      readFileSync(join(dir, 'sandbox-west.fraud-ml.fraud-scorer.yml'), 'utf8'),
    ).toContain('for: 30s');
  });

  it('says so when Prometheus does not reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule-files-'));
    const lines: string[] = [];
    await syncRuleFiles({
      dir,
      alertFor: '30s',
      prometheusUrl: 'http://127.0.0.1:1',
      rules: [{ cluster: 'sandbox-west', rule: rule('fraud-scorer') }],
      log: createLogger(line => lines.push(line)),
    });
    expect(lines.join('\n')).toMatch(
      /1 rule files written .* but Prometheus did not reload/,
    );
  });
});
