import { parseEntityRef } from '@backstage/catalog-model';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

const TABS = [
  ['serving', 'Serving'],
  ['autoscaling', 'Autoscaling'],
  ['gpu-jobs', 'GPU jobs'],
] as const;

/**
 * A model service's name linking to its page, and links to its tabs below.
 * Plain router links: the fleet table holds up to 1,000 rows, and Backstage's
 * Link (with its analytics and route resolution) made a page of 1,000 rows
 * take a third longer to render.
 */
export function ServiceLinks(props: { entityRef: string; title: string }) {
  const entityRoute = useRouteRef(entityRouteRef);
  const base = entityRoute(entityRouteParams(parseEntityRef(props.entityRef)));
  return (
    <>
      <Typography variant="body2" data-testid="fleet-service">
        <MuiLink component={RouterLink} to={base}>
          {props.title}
        </MuiLink>
      </Typography>
      <Typography
        variant="caption"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
      >
        {TABS.map(([path, title]) => (
          <MuiLink
            key={path}
            component={RouterLink}
            to={`${base}/${path}`}
            style={{ whiteSpace: 'nowrap' }}
          >
            {title}
          </MuiLink>
        ))}
      </Typography>
    </>
  );
}

/** The name of a full ref without its kind and default namespace. */
export function shortRef(ref: string | null): string {
  if (!ref) return '–';
  const { namespace, name } = parseEntityRef(ref);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}
