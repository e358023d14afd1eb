import { ErrorPage } from '@backstage/core-components';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { messagesModule } from './index';

describe('messagesModule', () => {
  it('gives error pages a title that says what is missing', async () => {
    await renderInTestApp(
      <ErrorPage status="404" statusMessage="Page not found" />,
      { features: [messagesModule] },
    );
    expect(
      await screen.findByText(
        'This page does not exist, or its docs have not been built',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/dropped the mic/)).not.toBeInTheDocument();
  });
});
