import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';

const TABS = [
  ['serving', 'Serving'],
  ['autoscaling', 'Autoscaling'],
  ['gpu-jobs', 'GPU jobs'],
] as const;

/** Links to a model service's tabs. */
export function ServiceTabLinks(props: { entityRef: string }) {
  const entityRoute = useRouteRef(entityRouteRef);
  const base = entityRoute(entityRouteParams(parseEntityRef(props.entityRef)));
  return (
    <Box component="span" display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {TABS.map(([path, title]) => (
        <Link
          key={path}
          to={`${base}/${path}`}
          style={{ whiteSpace: 'nowrap' }}
        >
          {title}
        </Link>
      ))}
    </Box>
  );
}

/** The name of a full ref without its kind and default namespace. */
export function shortRef(ref: string | null): string {
  if (!ref) return '–';
  const { namespace, name } = parseEntityRef(ref);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}
