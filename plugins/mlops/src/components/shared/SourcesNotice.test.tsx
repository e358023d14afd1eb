import { renderInTestApp } from '@backstage/frontend-test-utils';
import { SourceReport } from '@internal/plugin-mlops-common';
import { screen } from '@testing-library/react';
import { SourcesNotice } from './SourcesNotice';

const tooMany: SourceReport = {
  kind: 'kubernetes',
  name: 'east',
  ok: false,
  error: {
    kind: 'too-many-objects',
    message:
      'Cluster \'east\' has more than 5000 pods matching "app=x" in namespace "ml"; narrow the label selector or raise mlops.limits.maxObjectsPerRead',
  },
  requests: 11,
  durationMs: 900,
};

describe('SourcesNotice', () => {
  it('names a cluster with too many objects and what to do', async () => {
    await renderInTestApp(
      <SourcesNotice
        sources={[
          tooMany,
          {
            kind: 'prometheus',
            name: 'main',
            ok: true,
            requests: 1,
            durationMs: 5,
          },
        ]}
      />,
    );
    expect(
      screen.getByText(/Partial data: no answer from cluster east$/),
    ).toBeInTheDocument();
    expect(screen.getByText(`${tooMany.error!.message}.`)).toBeInTheDocument();
    expect(
      screen.getByText(/select fewer objects with the entity’s label selector/),
    ).toBeInTheDocument();
  });

  const refused = (kind: SourceReport['kind'], name: string): SourceReport => ({
    kind,
    name,
    ok: false,
    error: { kind: 'unreachable', message: `${name} is unreachable` },
    requests: 1,
    durationMs: 1,
  });
  const down = { startCommand: './scripts/start.sh' };

  it('says in one line that the local sandbox is not running, and how to start it', async () => {
    await renderInTestApp(
      <SourcesNotice
        sources={[
          { ...refused('prometheus', 'prometheus'), localSandboxDown: down },
          { ...refused('kubernetes', 'sandbox-east'), localSandboxDown: down },
          { ...refused('kubernetes', 'sandbox-west'), localSandboxDown: down },
        ]}
      />,
    );
    expect(screen.getByTestId('local-sandbox-down')).toHaveTextContent(
      /^The local sandbox is not running\. Start it with \.\/scripts\/start\.sh$/,
    );
    expect(screen.getByText('./scripts/start.sh').tagName).toBe('CODE');
    expect(screen.queryByText(/Partial data/)).not.toBeInTheDocument();
    expect(screen.queryByText(/is unreachable/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/Check that it is running/),
    ).not.toBeInTheDocument();
  });

  it('still names the other sources that failed beside the sandbox line', async () => {
    await renderInTestApp(
      <SourcesNotice
        sources={[
          { ...refused('prometheus', 'prometheus'), localSandboxDown: down },
          refused('kubernetes', 'team-dev'),
        ]}
      />,
    );
    expect(screen.getByTestId('local-sandbox-down')).toBeInTheDocument();
    expect(
      screen.getByText(/Partial data: no answer from cluster team-dev$/),
    ).toBeInTheDocument();
    expect(screen.getByText('team-dev is unreachable.')).toBeInTheDocument();
    expect(
      screen.queryByText('prometheus is unreachable.'),
    ).not.toBeInTheDocument();
  });
});
