import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityNotConfigured } from '@internal/plugin-mlops-common';
import { screen, waitFor } from '@testing-library/react';
import { NotConfigured } from './NotConfigured';

const answer = (
  reason: EntityNotConfigured['reason'],
  message: string,
): EntityNotConfigured => ({
  state: 'not-configured',
  entityRef: 'component:default/intruder',
  reason,
  message,
  problems: [{ annotation: 'backstage.io/kubernetes-namespace', message }],
});

describe('NotConfigured', () => {
  it('says the namespace is not bound to the owner, with the message and where bindings are explained', async () => {
    const message =
      'namespace fraud-ml on cluster sandbox-east is not bound to group:default/recsys; ask the platform team to add it under mlops.tenancy.namespaces';
    await renderInTestApp(
      <NotConfigured answer={answer('namespace-not-bound', message)} />,
    );
    expect(
      screen.getByText('This namespace is not bound to the component’s owner'),
    ).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'How namespaces are bound to teams' }),
    ).toHaveAttribute('href', '/docs/default/component/mlops-portal/tenancy/');
    expect(screen.queryByText(/annotations/)).not.toBeInTheDocument();
  });

  it('asks for the namespace annotation when none can be derived', async () => {
    const message =
      'component:default/svc names no namespace (backstage.io/kubernetes-namespace) and group:default/nlp-llm holds none by name on sandbox-east';
    await renderInTestApp(
      <NotConfigured answer={answer('namespace-required', message)} />,
    );
    expect(
      screen.getByText('Choose the namespace this component runs in'),
    ).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    // The snippet's highlighter loads after the first render.
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'backstage.io/kubernetes-namespace: <a namespace your team holds>',
      ),
    );
  });
});
