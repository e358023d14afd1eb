import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ContainerImage,
  RevisionView,
  RolloutView,
} from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';
import { roleLabel } from './rolloutStatus';

const ROLE_COLORS = {
  stable: 'primary',
  canary: 'secondary',
  old: 'default',
} as const;

/** "registry/model:1.5.0", with the version when the image reference does not show it. */
function imageText(image: ContainerImage): string {
  if (!image.version || image.image.includes(image.version)) return image.image;
  return `${image.image} (${image.version})`;
}

/** Every revision (ReplicaSet) of a Rollout or Deployment, newest first. */
export function RevisionsTable(props: {
  revisions: RevisionView[];
  strategy: RolloutView['strategy'] | 'rolling';
  /** Names the table for screen readers and tests. */
  label: string;
}) {
  if (props.revisions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No ReplicaSet found.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead style={{ whiteSpace: 'nowrap' }}>
        <TableRow>
          <TableCell>Role</TableCell>
          <TableCell>Revision</TableCell>
          <TableCell>Pod template hash</TableCell>
          <TableCell>Images</TableCell>
          <TableCell>Model version</TableCell>
          <TableCell align="right">Ready / desired</TableCell>
          <TableCell>Created</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.revisions.map(r => (
          <TableRow key={r.replicaSet}>
            <TableCell>
              <Chip
                size="small"
                color={ROLE_COLORS[r.role] ?? 'default'}
                label={roleLabel(r.role, props.strategy)}
              />
            </TableCell>
            <TableCell>{r.revision ?? '–'}</TableCell>
            <TableCell>
              <code>{r.podTemplateHash}</code>
            </TableCell>
            <TableCell>
              {r.images.length === 0
                ? '–'
                : r.images.map(i => (
                    <Typography
                      key={i.container}
                      variant="body2"
                      title={`container ${i.container}`}
                    >
                      {imageText(i)}
                    </Typography>
                  ))}
            </TableCell>
            <TableCell>{r.modelVersion ?? '–'}</TableCell>
            <TableCell align="right">
              {r.readyReplicas}/{r.desiredReplicas}
            </TableCell>
            <TableCell title={r.createdAt ?? undefined}>
              {formatAgo(r.createdAt)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
