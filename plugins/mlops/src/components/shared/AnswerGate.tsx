import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { EntityNotConfigured } from '@internal/plugin-mlops-common';
import { ReactNode } from 'react';
import { NotConfigured } from './NotConfigured';

/** Where an answer of `/api/mlops` is, as `usePolledAnswer` says. */
export interface AnswerState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
}

function isNotConfigured<T extends { state: string }>(
  answer: T | EntityNotConfigured,
): answer is EntityNotConfigured {
  return answer.state === 'not-configured';
}

/**
 * Shows progress until the first answer, the error if there is none, and
 * what to fix for an entity that is not configured; otherwise renders the
 * answer with `children`. A later reload keeps the last answer on screen.
 */
export function AnswerGate<T extends { state: string }>(props: {
  answer: AnswerState<T | EntityNotConfigured>;
  children: (answer: T) => ReactNode;
  /** Wraps the progress, error and not-configured views, e.g. in the answer's card. */
  frame?: (view: ReactNode) => ReactNode;
  /** `hide` renders nothing for an entity that is not configured. */
  notConfigured?: 'explain' | 'hide';
}) {
  const { value, error, loading } = props.answer;
  const frame = props.frame ?? (view => view);
  if (value === undefined) {
    return (
      <>
        {frame(
          loading ? (
            <Progress />
          ) : (
            <ResponseErrorPanel
              error={error ?? new Error('No answer from /api/mlops')}
            />
          ),
        )}
      </>
    );
  }
  if (isNotConfigured(value)) {
    if (props.notConfigured === 'hide') return null;
    return <>{frame(<NotConfigured answer={value} />)}</>;
  }
  return <>{props.children(value)}</>;
}
