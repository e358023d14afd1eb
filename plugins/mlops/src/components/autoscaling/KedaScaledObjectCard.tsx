import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  KedaScaledObjectView,
  KedaTriggerView,
} from '@internal/plugin-mlops-common';

const orUnknown = (n: number | null) => (n === null ? '?' : String(n));

function TriggerRow(props: { trigger: KedaTriggerView }) {
  const t = props.trigger;
  return (
    <TableRow>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        {t.name ? `${t.type} (${t.name})` : t.type}
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        {t.metricName ?? 'Resource metric'}
      </TableCell>
      {/* A query is one long word: let it break, not squeeze the names. */}
      <TableCell style={{ wordBreak: 'break-word' }}>
        {t.metadata.map(m => (
          <Typography variant="body2" key={m.key}>
            {m.key}: {m.value ?? '(withheld)'}
          </Typography>
        ))}
        {t.authenticationRef && (
          <Typography variant="caption" color="textSecondary">
            credentials from {t.authenticationRef.kind}{' '}
            {t.authenticationRef.name}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {t.health
          ? `${t.health.status} (${orUnknown(
              t.health.numberOfFailures,
            )} failures)`
          : '-'}
      </TableCell>
    </TableRow>
  );
}

/** A KEDA ScaledObject: its triggers, bounds, paused state, fallback and conditions. */
export function KedaScaledObjectCard(props: { so: KedaScaledObjectView }) {
  const { so } = props;
  const ready = so.conditions.find(c => c.type === 'Ready');
  return (
    <InfoCard
      title={`Scaled by KEDA: ScaledObject ${so.name}`}
      subheader={`${so.cluster} · ${so.namespace} · ${so.scaleTarget.kind} ${so.scaleTarget.name}`}
    >
      {so.summary.map(s => (
        <Typography key={s} variant="body2">
          {s.startsWith('Paused') ? <StatusWarning /> : <StatusError />}
          {s}
        </Typography>
      ))}
      <Box mt={1} mb={1}>
        <Typography variant="body2">
          Replicas {orUnknown(so.minReplicaCount)} to{' '}
          {orUnknown(so.maxReplicaCount)} · polls every{' '}
          {orUnknown(so.pollingIntervalSeconds)} s · HPA{' '}
          {so.paused ? 'none while paused' : so.hpaName}
        </Typography>
        <Typography variant="body2">
          Paused:{' '}
          {so.paused
            ? `yes${
                so.pausedReplicas !== null
                  ? `, held at ${so.pausedReplicas} replicas`
                  : ''
              }`
            : 'no'}
        </Typography>
        <Typography variant="body2">
          Fallback:{' '}
          {so.fallback
            ? `${orUnknown(so.fallback.replicas)} replicas after ${orUnknown(
                so.fallback.failureThreshold,
              )} failures in a row · ${
                so.fallback.active ? 'active now' : 'not active'
              }`
            : 'none'}
        </Typography>
      </Box>
      <Table size="small" aria-label="Triggers">
        <TableHead>
          <TableRow>
            <TableCell>Trigger</TableCell>
            <TableCell>HPA metric</TableCell>
            <TableCell>Settings</TableCell>
            <TableCell>Health</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {so.triggers.map((t, i) => (
            <TriggerRow key={`${i}-${t.type}`} trigger={t} />
          ))}
        </TableBody>
      </Table>
      <Box mt={1}>
        {so.conditions.map(c => (
          <Typography variant="body2" key={c.type}>
            {c === ready && c.status !== 'True' ? (
              <StatusError />
            ) : (
              <StatusOK />
            )}
            <strong>{c.type}</strong> {c.status}
            {c.reason ? ` (${c.reason})` : ''}
            {c.message ? `: ${c.message}` : ''}
          </Typography>
        ))}
      </Box>
    </InfoCard>
  );
}
