import { selectEntityAlerts, SourceAlert } from './entityAlerts';

function alert(
  name: string,
  labels: Record<string, string>,
  extra: Partial<SourceAlert> = {},
): SourceAlert {
  return {
    labels: { alertname: name, ...labels },
    annotations: {},
    state: 'firing',
    activeAt: '2026-11-29T10:00:00Z',
    ...extra,
  };
}

const fraud = { namespace: 'fraud-ml', service: 'fraud-scorer' };

describe('selectEntityAlerts', () => {
  it('keeps the alerts carrying every matcher label', () => {
    const selected = selectEntityAlerts(
      [
        alert('A', { ...fraud, severity: 'critical' }),
        alert('B', { namespace: 'other', service: 'fraud-scorer' }),
        alert('C', { namespace: 'fraud-ml', service: 'fraud-scorer-canary' }),
        alert('D', { namespace: 'fraud-ml' }),
      ],
      fraud,
      'prometheus',
      [],
    );
    expect(selected.map(a => a.name)).toEqual(['A']);
    expect(selected[0]).toMatchObject({
      severity: 'critical',
      source: 'prometheus',
      runbook: { problem: 'missing' },
    });
  });

  it('orders firing before pending, then by severity, then oldest first', () => {
    const selected = selectEntityAlerts(
      [
        alert('Pending', fraud, { state: 'pending' }),
        alert('Info', { ...fraud, severity: 'info' }),
        alert('NoSeverity', fraud),
        alert(
          'WarningNew',
          { ...fraud, severity: 'warning' },
          { activeAt: '2026-11-29T11:00:00Z' },
        ),
        alert('WarningOld', { ...fraud, severity: 'warning' }),
        alert('Critical', { ...fraud, severity: 'critical' }),
      ],
      fraud,
      'prometheus',
      [],
    );
    expect(selected.map(a => `${a.name}:${a.severity}`)).toEqual([
      'Critical:critical',
      'WarningOld:warning',
      'WarningNew:warning',
      'Info:info',
      'NoSeverity:none',
      'Pending:none',
    ]);
  });

  it('reads summary, description and the runbook, and bounds their length', () => {
    const [selected] = selectEntityAlerts(
      [
        alert('ModelServiceHighErrorRate', fraud, {
          annotations: {
            summary: 'x'.repeat(5000),
            description: '25 % of requests fail',
            runbook_url:
              'http://localhost:3000/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
          },
        }),
      ],
      fraud,
      'prometheus',
      ['http://localhost:3000'],
    );
    expect(selected.summary).toHaveLength(1000);
    expect(selected.description).toBe('25 % of requests fail');
    expect(selected.runbook).toEqual({
      url: 'http://localhost:3000/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
      portalPath:
        '/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
    });
  });
});
