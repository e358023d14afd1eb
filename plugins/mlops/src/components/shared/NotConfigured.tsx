import { CodeSnippet, EmptyState, Link } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_KUBERNETES_ID,
  EntityNotConfigured,
} from '@internal/plugin-mlops-common';

/** Says which annotation is missing or malformed, or which namespace the owner does not hold, with the fix. */
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
  if (
    answer.reason === 'namespace-not-bound' ||
    answer.reason === 'namespace-required'
  ) {
    return <NamespaceNotHeld answer={answer} />;
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

/** The owner does not hold the namespace (or names none): nothing was read. */
function NamespaceNotHeld(props: { answer: EntityNotConfigured }) {
  const { answer } = props;
  const required = answer.reason === 'namespace-required';
  return (
    <EmptyState
      missing="info"
      title={
        required
          ? 'Choose the namespace this component runs in'
          : 'This namespace is not bound to the component’s owner'
      }
      description={
        <>
          <Typography variant="body1" paragraph>
            {answer.message}
          </Typography>
          <Typography variant="body2" paragraph>
            The portal reads only namespaces that the platform team has bound to
            the component’s owner (<code>mlops.tenancy.namespaces</code>), so
            nothing was read for it.
          </Typography>
        </>
      }
      action={
        required ? (
          <CodeSnippet
            language="yaml"
            text={`metadata:\n  annotations:\n    backstage.io/kubernetes-namespace: <a namespace your team holds>`}
          />
        ) : (
          <Link to="/docs/default/component/mlops-portal/tenancy/">
            How namespaces are bound to teams
          </Link>
        )
      }
    />
  );
}
