import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import { SourceErrorKind, SourceReport } from '@internal/plugin-mlops-common';
import { sourceName, splitFailedSources } from './sourceFailures';

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

/** One line: the local sandbox is not running, and the command that starts it. */
export function LocalSandboxNotice(props: {
  startCommand: string;
  sources: SourceReport[];
}) {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="local-sandbox-down"
      title={`No answer from ${props.sources.map(sourceName).join(', ')}`}
    >
      <InfoIcon fontSize="inherit" style={{ verticalAlign: 'middle' }} /> The
      local sandbox is not running. Start it with{' '}
      <code>{props.startCommand}</code>
    </Typography>
  );
}

/**
 * Which sources failed and what to do about each; nothing when all
 * answered. The local sandbox's sources that are down make one line.
 */
export function SourcesNotice(props: { sources: SourceReport[] }) {
  const { sandboxDown, startCommand, others } = splitFailedSources(
    props.sources,
  );
  return (
    <>
      {startCommand && (
        <LocalSandboxNotice startCommand={startCommand} sources={sandboxDown} />
      )}
      {others.length > 0 && (
        <WarningPanel
          severity="warning"
          title={`Partial data: no answer from ${others
            .map(sourceName)
            .join(', ')}`}
          defaultExpanded
        >
          {others.map(s => (
            <Typography key={`${s.kind}-${s.name}`} variant="body2" paragraph>
              <strong>{s.error!.message}.</strong> {WHAT_TO_DO[s.error!.kind]}
            </Typography>
          ))}
        </WarningPanel>
      )}
    </>
  );
}
