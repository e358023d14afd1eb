import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityNotConfigured } from '@internal/plugin-mlops-common';
import { screen } from '@testing-library/react';
import { AnswerGate, AnswerState } from './AnswerGate';

type Answer = { state: 'ok'; figure: number } | EntityNotConfigured;

const notConfigured: EntityNotConfigured = {
  state: 'not-configured',
  entityRef: 'component:default/fraud-scorer',
  reason: 'invalid-annotation',
  message: 'Serving health cannot read mlops-portal.io/slo-availability',
  problems: [],
};

function renderGate(
  answer: AnswerState<Answer>,
  options: { hide?: boolean; framed?: boolean } = {},
) {
  return renderInTestApp(
    <AnswerGate
      answer={answer}
      notConfigured={options.hide ? 'hide' : 'explain'}
      frame={
        options.framed
          ? view => <section aria-label="The card">{view}</section>
          : undefined
      }
    >
      {ok => <p>figure {ok.figure}</p>}
    </AnswerGate>,
  );
}

describe('AnswerGate', () => {
  it('shows progress until the first answer', async () => {
    await renderGate({ loading: true });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByText(/figure/)).not.toBeInTheDocument();
  });

  it('keeps the last answer on screen while it is asked again', async () => {
    await renderGate({ loading: true, value: { state: 'ok', figure: 7 } });
    expect(screen.getByText('figure 7')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('shows the error when there is no answer', async () => {
    await renderGate({ loading: false, error: new Error('backend is down') });
    expect(screen.getAllByText(/backend is down/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says there was no answer when there is not even an error', async () => {
    await renderGate({ loading: false });
    expect(
      screen.getAllByText(/No answer from \/api\/mlops/).length,
    ).toBeGreaterThan(0);
  });

  it('explains an entity that is not configured, inside the frame', async () => {
    await renderGate(
      { loading: false, value: notConfigured },
      { framed: true },
    );
    expect(screen.getByRole('region', { name: 'The card' })).toHaveTextContent(
      'Serving health cannot read this component’s annotations',
    );
  });

  it('renders nothing for an entity that is not configured when told to hide', async () => {
    await renderGate(
      { loading: false, value: notConfigured },
      { hide: true, framed: true },
    );
    expect(
      screen.queryByRole('region', { name: 'The card' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/cannot read/)).not.toBeInTheDocument();
  });

  it('frames progress and errors but not the answer, which brings its own card', async () => {
    await renderGate({ loading: true }, { framed: true });
    expect(screen.getByRole('region', { name: 'The card' })).toContainElement(
      screen.getByTestId('progress'),
    );
  });
});
