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
});
