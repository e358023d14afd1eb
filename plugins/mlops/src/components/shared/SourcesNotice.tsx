import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { SourceErrorKind, SourceReport } from '@internal/plugin-mlops-common';

const WHAT_TO_DO: Record<SourceErrorKind, string> = {
  timeout:
    'It answered too slowly; the figures return once it does. Raise its timeout if it is always slow.',
  unreachable:
    'Check that it is running and that the portal can reach its URL.',
  unauthorized:
    'The portal’s credentials were refused; renew the token in the configuration.',
  forbidden:
    'Grant the portal’s identity read access (list Deployments and pods; query Prometheus).',
  'bad-response': 'It answered something unexpected; its log says why.',
  'unsupported-auth':
    'Give the cluster a server-side auth provider (serviceAccount, aws, azure, googleServiceAccount).',
  'not-configured':
    'Add it to app-config (mlops.prometheus.instances, kubernetes.clusterLocatorMethods).',
  'too-many-objects':
    'Nothing of it is shown rather than a part: select fewer objects with the entity’s label selector or namespace.',
};

/** Which sources failed and what to do about each; nothing when all answered. */
export function SourcesNotice(props: { sources: SourceReport[] }) {
  const failed = props.sources.filter(s => !s.ok && s.error);
  if (failed.length === 0) return null;
  const names = failed
    .map(s => `${s.kind === 'prometheus' ? 'Prometheus' : 'cluster'} ${s.name}`)
    .join(', ');
  return (
    <WarningPanel
      severity="warning"
      title={`Partial data: no answer from ${names}`}
      defaultExpanded
    >
      {failed.map(s => (
        <Typography key={`${s.kind}-${s.name}`} variant="body2" paragraph>
          <strong>{s.error!.message}.</strong> {WHAT_TO_DO[s.error!.kind]}
        </Typography>
      ))}
    </WarningPanel>
  );
}
