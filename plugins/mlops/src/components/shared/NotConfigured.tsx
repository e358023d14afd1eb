import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_KUBERNETES_ID,
  EntityNotConfigured,
} from '@internal/plugin-mlops-common';

/** Says which annotation is missing or malformed, with the fix. */
export function NotConfigured(props: { answer: EntityNotConfigured }) {
  const { answer } = props;
  if (answer.reason === 'missing-annotation') {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          ANNOTATION_KUBERNETES_ID,
          'backstage.io/kubernetes-namespace',
        ]}
        readMoreUrl="/docs/default/component/mlops-portal/serving-health/"
      />
    );
  }
  return (
    <EmptyState
      missing="field"
      title="Serving health cannot read this component’s annotations"
      description={
        <>
          <Typography variant="body1" paragraph>
            {answer.message}
          </Typography>
          {answer.problems.map(p => (
            <Typography key={p.annotation} variant="body2" paragraph>
              <code>{p.annotation}</code>
              {p.value !== undefined ? (
                <>
                  {' '}
                  = <code>{JSON.stringify(p.value)}</code>
                </>
              ) : null}
              : {p.message}
            </Typography>
          ))}
        </>
      }
      action={
        <CodeSnippet
          language="yaml"
          text={`metadata:\n  annotations:\n    backstage.io/kubernetes-id: <name of the Deployment>\n    backstage.io/kubernetes-namespace: <namespace>`}
        />
      }
    />
  );
}
