import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  DeliveryModelRegistry,
  ModelVersionSummary,
} from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';
import { registryProblem } from './registryProblem';

/** Versions of the registry that no revision serves, listed at most. */
const OTHER_VERSIONS_SHOWN = 5;

type Served = DeliveryModelRegistry['served'][number];

function runMetrics(version: ModelVersionSummary | null): string {
  const metrics = Object.entries(version?.run?.metrics ?? {});
  if (metrics.length === 0) return '–';
  return metrics
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name} ${Number(value.toPrecision(4))}`)
    .join(' · ');
}

function runName(version: ModelVersionSummary | null): string {
  if (!version) return '–';
  const name = version.run?.runName ?? version.runId;
  if (!name) return 'registered from a path';
  return version.runProblem ? `${name} (${version.runProblem})` : name;
}

function Chips(props: { labels: string[]; color?: 'primary' | 'secondary' }) {
  if (props.labels.length === 0) return <>–</>;
  return (
    <>
      {props.labels.map(label => (
        <Box component="span" key={label} mr={0.5}>
          <Chip
            size="small"
            label={label}
            color={props.color ?? 'default'}
            variant={props.color ? 'default' : 'outlined'}
          />
        </Box>
      ))}
    </>
  );
}

function ServedVersions(props: { served: Served[]; registryFailed: boolean }) {
  if (props.served.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No revision names a model version: the chart sets the pod annotation
        mlops-portal.io/model-version from model.registeredVersion.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Served model versions">
      <TableHead style={{ whiteSpace: 'nowrap' }}>
        <TableRow>
          <TableCell>Version</TableCell>
          <TableCell>Serves as</TableCell>
          <TableCell>Aliases</TableCell>
          <TableCell>Stage</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Training run</TableCell>
          <TableCell>Run metrics</TableCell>
          <TableCell>Created</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.served.map(s => {
          const d = s.details;
          return (
            <TableRow key={s.version}>
              <TableCell>
                {s.url ? <Link to={s.url}>{s.version}</Link> : s.version}
              </TableCell>
              <TableCell>
                <Chips
                  labels={s.roles.filter(r => r !== 'old')}
                  color="primary"
                />
              </TableCell>
              <TableCell>
                <Chips labels={d?.aliases ?? []} color="secondary" />
              </TableCell>
              <TableCell>{d?.stage ?? '–'}</TableCell>
              <TableCell
                title={d?.statusMessage}
                style={{ whiteSpace: 'nowrap' }}
              >
                {d?.status ??
                  (props.registryFailed ? 'unknown' : 'not in the registry')}
              </TableCell>
              <TableCell title={d?.runId}>{runName(d)}</TableCell>
              <TableCell>{runMetrics(d)}</TableCell>
              <TableCell title={d?.createdAt}>
                {formatAgo(d?.createdAt)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function OtherVersions(props: { registry: DeliveryModelRegistry }) {
  const model = props.registry.registeredModel;
  if (!model) return null;
  const served = new Set(props.registry.served.map(s => s.version));
  const others = model.versions.filter(v => !served.has(v.version));
  if (others.length === 0) return null;
  const more = others.length - OTHER_VERSIONS_SHOWN;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        Not served
      </Typography>
      <ul
        aria-label="Versions not served"
        style={{ margin: 0, paddingLeft: 20 }}
      >
        {others.slice(0, OTHER_VERSIONS_SHOWN).map(v => (
          <li key={v.version}>
            <Typography variant="body2">
              {[
                `Version ${v.version}`,
                ...v.aliases,
                v.stage,
                v.status === 'READY' ? null : v.status,
                formatAgo(v.createdAt),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          </li>
        ))}
      </ul>
      {(more > 0 || model.truncated) && (
        <Typography variant="caption" color="textSecondary">
          {more > 0 ? `and ${more} older` : ''}
          {model.truncated ? ' (the registry holds more than were read)' : ''}
        </Typography>
      )}
    </Box>
  );
}

/**
 * Which registered model versions the service's revisions serve, with their
 * aliases, stage, training run and its metrics; what went wrong when the
 * registry did not answer.
 */
export function ModelVersionsPanel(props: {
  registry: DeliveryModelRegistry | null;
}) {
  const { registry } = props;
  if (!registry) {
    return (
      <Typography variant="body2" color="textSecondary">
        No model registry configured (mlops.modelRegistry.mlflow).
      </Typography>
    );
  }
  const problem = registryProblem(registry);
  const description = registry.registeredModel?.description;
  return (
    <Box>
      <Typography variant="body2" paragraph>
        Registered model{' '}
        {registry.url ? (
          <Link to={registry.url}>{registry.model}</Link>
        ) : (
          registry.model
        )}{' '}
        in MLflow ‘{registry.registry}’{description ? `: ${description}` : ''}
      </Typography>
      {problem && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title={problem.title}
            defaultExpanded
          >
            {problem.detail && (
              <Typography variant="body2">
                <strong>{problem.detail.replace(/\.$/, '')}.</strong>
              </Typography>
            )}
            <Typography variant="body2">{problem.hint}</Typography>
          </WarningPanel>
        </Box>
      )}
      <ServedVersions
        served={registry.served}
        registryFailed={Boolean(registry.error)}
      />
      <OtherVersions registry={registry} />
    </Box>
  );
}

/** The model versions panel in its card. */
export function ModelVersionsInfoCard(props: {
  registry: DeliveryModelRegistry | null;
}) {
  return (
    <InfoCard title="Model versions" titleTypographyProps={{ component: 'h2' }}>
      <ModelVersionsPanel registry={props.registry} />
    </InfoCard>
  );
}
